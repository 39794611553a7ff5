package dev.weft.turn.internal;

import java.net.InetSocketAddress;

/**
 * A channel bound to a peer transport address (RFC 8656 Section 12). After it expires the entry stays for
 * five more minutes so that neither the number nor the peer can be rebound to something else in that time
 * (RFC 8656 Section 12); the relay ignores it by checking {@link #expiresAt}.
 */
final class ChannelBinding {
    static final long QUARANTINE_MILLIS = 300_000;

    final int number;
    final InetSocketAddress peer;
    final Permission permission;
    long expiresAt;

    ChannelBinding(int number, InetSocketAddress peer, Permission permission, long expiresAt) {
        this.number = number;
        this.peer = peer;
        this.permission = permission;
        this.expiresAt = expiresAt;
    }
}
