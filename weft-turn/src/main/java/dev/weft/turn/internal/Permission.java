package dev.weft.turn.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A permission for one peer IP address (RFC 8656 Section 9); confined to its allocation's event loop. */
final class Permission {
    final InetAddress address;
    /** The raw address bytes, to match Send indications without building an InetAddress. */
    final byte[] ip;
    long expiresAt;
    /** The peer address last used by a Send indication, reused while the port stays the same. */
    InetSocketAddress lastPeer;

    Permission(InetAddress address, long expiresAt) {
        this.address = address;
        this.ip = address.getAddress();
        this.expiresAt = expiresAt;
    }
}
