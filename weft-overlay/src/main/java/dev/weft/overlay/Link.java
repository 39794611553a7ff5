package dev.weft.overlay;

/**
 * One open transport connection to another peer: a WebSocket (either direction), a DataChannel, or an
 * in-memory pipe in tests. It carries overlay messages as UTF-8 JSON text, in order. The transport calls
 * {@link Overlay#linkOpened}, {@link Overlay#received} and {@link Overlay#linkClosed} on the overlay's thread.
 */
public interface Link {
    /** Sends one message; drops it silently once closed. */
    void send(String text);

    /** Closes the connection; the transport then calls {@link Overlay#linkClosed}. */
    void close();

    /** Whether this side opened the connection (decides which of two simultaneous links survives). */
    boolean outbound();

    /** The URL this side dialed (outbound links to nodes), else null. */
    default String url() {
        return null;
    }

    /** For logs: where the link goes ("ws://127.0.0.1:8080/overlay", "inbound 127.0.0.1:5000"). */
    String describe();

    /** The remote network address (an IP literal) when the transport knows it (node WebSockets), else null.
     * Scoring counts ids per address (anti-Sybil) and bans addresses with it. */
    default String remoteAddress() {
        return null;
    }
}
