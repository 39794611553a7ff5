package dev.weft.turn;

/** The transport between a client and the server: part of the client's 5-tuple (RFC 8656 Section 2). */
public enum Transport {
    UDP,
    TCP,
    TLS
}
