package dev.weft.protocol;

/** Names shared by the node and its clients for the native signaling endpoint. */
public final class SignalingProtocol {
    /** The WebSocket path of the native protocol. */
    public static final String PATH = "/ws";
    /** The WebSocket path of seed 003's classic protocol. */
    public static final String CLASSIC_PATH = "/classic";

    /** Close code: nothing arrived within the heartbeat timeout. */
    public static final int CLOSE_HEARTBEAT_TIMEOUT = 4000;
    /** Close code: a newer connection reclaimed this id with the right token. */
    public static final int CLOSE_REPLACED = 4001;
    /** Close code: no register message arrived in time. */
    public static final int CLOSE_REGISTER_TIMEOUT = 4002;
    /** Close code: the node is at its connection limit. */
    public static final int CLOSE_SERVER_FULL = 4003;

    private SignalingProtocol() {
    }
}
