package dev.weft.node.feature;

/** What a {@link SignalingExtension} sees of a native socket. */
public interface SignalingSession {
    /** The id registered on this socket, or null before {@code register}. */
    String peerId();

    /** Sends a text frame (a complete JSON message) to this socket. */
    void sendText(byte[] utf8Json);

    /** Runs {@code action} once when the socket closes. */
    void onClose(Runnable action);

    /** The remote address, for logs and per-address limits. */
    java.net.SocketAddress remoteAddress();
}
