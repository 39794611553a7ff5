package dev.weft.protocol;

/** Protocol-wide limits. Node-level limits (frame size, rates) are configuration; these are part of the protocol. */
public final class Limits {
    /** Longest peer id, in characters. */
    public static final int MAX_ID_LENGTH = 64;
    /** Shortest and longest reclaim token. */
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final int MAX_TOKEN_LENGTH = 128;
    /** Longest {@code ref} a client may attach to a message (echoed in errors). */
    public static final int MAX_REF_LENGTH = 64;
    /** Longest message type name. */
    public static final int MAX_TYPE_LENGTH = 32;
    /** Deepest JSON nesting accepted anywhere in a message. */
    public static final int MAX_DEPTH = 32;

    private Limits() {
    }
}
