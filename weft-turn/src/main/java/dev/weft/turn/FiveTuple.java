package dev.weft.turn;

import java.net.InetSocketAddress;

/**
 * The client's 5-tuple (RFC 8656 Section 2): transport, client address and port, server address and port.
 * An allocation is identified by it.
 */
public record FiveTuple(Transport transport, InetSocketAddress client, InetSocketAddress server) {
    @Override
    public String toString() {
        return transport.name().toLowerCase() + " " + client + " -> " + server;
    }
}
