package dev.weft.overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * An inbound test link that records what the peer sends it ({@code "CLOSED"} when the peer closes it), with the
 * remote address a node's WebSocket would report (null: unknown, as for a DataChannel). Also the texts of the
 * two handshake messages a test sends on it (docs/overlay.md, "Proof of possession").
 */
final class RecordingLink implements Link {
    final List<String> got = new ArrayList<>();
    private final String address;

    RecordingLink() {
        this(null);
    }

    RecordingLink(String address) {
        this.address = address;
    }

    boolean closed() {
        return got.contains("CLOSED");
    }

    /** The nonce of the hello the peer sent on this link. */
    String nonce() {
        return got.stream().filter(t -> t.contains("\"type\":\"hello\"")).findFirst().orElseThrow()
                .replaceAll(".*\"nonce\":\"([^\"]+)\".*", "$1");
    }

    /** A browser's hello claiming {@code id}'s key. */
    static String hello(Identity id) {
        return "{\"type\":\"hello\",\"body\":{\"id\":\"" + id.id() + "\",\"kind\":\"browser\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}";
    }

    static String auth(String sig) {
        return "{\"type\":\"auth\",\"body\":{\"sig\":\"" + sig + "\"}}";
    }

    @Override
    public void send(String text) {
        got.add(text);
    }

    @Override
    public void close() {
        got.add("CLOSED");
    }

    @Override
    public boolean outbound() {
        return false;
    }

    @Override
    public String describe() {
        return address == null ? "recording link" : "inbound " + address;
    }

    @Override
    public String remoteAddress() {
        return address;
    }
}
