package dev.weft.node.peerjs;

/** A registered PeerJS id: its token, its current socket and when it last sent HEARTBEAT. */
final class PeerJsClient {
    final String id;
    final String token;
    volatile PeerJsSession session;
    volatile long lastPingNanos;

    PeerJsClient(String id, String token, PeerJsSession session, long now) {
        this.id = id;
        this.token = token;
        this.session = session;
        this.lastPingNanos = now;
    }
}
