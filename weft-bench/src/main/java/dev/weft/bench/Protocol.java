package dev.weft.bench;

import java.nio.charset.StandardCharsets;

/**
 * How the generator speaks to one kind of server: the socket path, registration, a relayed message and the
 * heartbeat. Frames are built as bytes once per workload where possible; {@link #relay} is called per message.
 *
 * <p>The wire formats are those of docs/protocol.md (native {@code /ws}, classic {@code /classic}, PeerJS
 * {@code /peerjs}); the seed's Node server speaks classic, PeerServer speaks PeerJS.
 */
public enum Protocol {
    /** Weft's native protocol: {@code register}, then {@code offer}/{@code candidate} with {@code to}. */
    NATIVE {
        @Override
        public String path(String id) {
            return "/ws";
        }

        @Override
        public byte[] register(String id) {
            return ascii("{\"type\":\"register\",\"id\":\"" + id + "\"}");
        }

        @Override
        public boolean isRegistered(String frame) {
            return frame.startsWith("{\"type\":\"registered\"");
        }

        @Override
        public String relayHead(Kind kind, String to) {
            return "{\"type\":\"" + kind.lower + "\",\"to\":\"" + to + "\",\"payload\":";
        }

        @Override
        public byte[] heartbeat() {
            return ascii("{\"type\":\"ping\"}");
        }

        @Override
        public long heartbeatMillis() {
            return 10_000; // weft.js's ping interval
        }
    },
    /** Seed 003's protocol: {@code login}, then {@code offer}/{@code candidate} with {@code name}. */
    CLASSIC {
        @Override
        public String path(String id) {
            return "/classic";
        }

        @Override
        public byte[] register(String id) {
            return ascii("{\"type\":\"login\",\"name\":\"" + id + "\"}");
        }

        @Override
        public boolean isRegistered(String frame) {
            return frame.startsWith("{\"type\":\"login\",\"success\":true");
        }

        @Override
        public String relayHead(Kind kind, String to) {
            return "{\"type\":\"" + kind.lower + "\",\"name\":\"" + to + "\",\"" + kind.lower + "\":";
        }

        @Override
        public byte[] heartbeat() {
            return null; // the seed's protocol has no heartbeat
        }

        @Override
        public long heartbeatMillis() {
            return 0;
        }
    },
    /** PeerServer 1.0.2's protocol: registered by the URL, {@code OPEN}, then {@code OFFER}/{@code CANDIDATE}. */
    PEERJS {
        @Override
        public String path(String id) {
            return "/peerjs?key=peerjs&id=" + id + "&token=tok" + id;
        }

        @Override
        public byte[] register(String id) {
            return null; // the query string registers
        }

        @Override
        public boolean isRegistered(String frame) {
            return frame.startsWith("{\"type\":\"OPEN\"");
        }

        @Override
        public String relayHead(Kind kind, String to) {
            return "{\"type\":\"" + kind.upper + "\",\"dst\":\"" + to + "\",\"payload\":";
        }

        @Override
        public byte[] heartbeat() {
            return ascii("{\"type\":\"HEARTBEAT\"}");
        }

        @Override
        public long heartbeatMillis() {
            return 5_000; // the PeerJS client's heartbeat interval
        }
    },
    /**
     * The generator's own ceiling: {@link EchoServer} sends every frame back to its sender, so each client is its
     * own partner. Registration is echoed too.
     */
    ECHO {
        @Override
        public String path(String id) {
            return "/echo";
        }

        @Override
        public byte[] register(String id) {
            return ascii("{\"type\":\"register\",\"id\":\"" + id + "\"}");
        }

        @Override
        public boolean isRegistered(String frame) {
            return frame.startsWith("{\"type\":\"register\"");
        }

        @Override
        public String relayHead(Kind kind, String to) {
            return NATIVE.relayHead(kind, to);
        }

        @Override
        public byte[] heartbeat() {
            return null;
        }

        @Override
        public long heartbeatMillis() {
            return 0;
        }

        @Override
        public boolean selfPartner() {
            return true;
        }
    };

    /** The two message shapes the workloads send: an SDP-sized offer and an ICE-candidate-sized candidate. */
    public enum Kind {
        OFFER("offer", "OFFER"),
        CANDIDATE("candidate", "CANDIDATE");

        final String lower;
        final String upper;

        Kind(String lower, String upper) {
            this.lower = lower;
            this.upper = upper;
        }
    }

    /** Request path (with query) of the WebSocket for {@code id}. */
    public abstract String path(String id);

    /** The frame that registers {@code id}, or null when connecting registers. */
    public abstract byte[] register(String id);

    /** Whether a frame from the server confirms the registration. */
    public abstract boolean isRegistered(String frame);

    /** The bytes of a relay message to {@code to} before its payload; the payload and a closing brace follow. */
    public abstract String relayHead(Kind kind, String to);

    /** The client's heartbeat frame, or null if the protocol has none. */
    public abstract byte[] heartbeat();

    /** How often a real client of this protocol sends its heartbeat (0 = never). */
    public abstract long heartbeatMillis();

    /** True when messages come back to their sender (the echo server) instead of going to the partner. */
    public boolean selfPartner() {
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
