package dev.weft.protocol.peerjs;

/**
 * What the PeerJS endpoint accepts as ids, tokens and keys. PeerServer 1.0.2 accepts any non-empty string;
 * the PeerJS client only produces ids matching {@code ^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$}
 * ({@code lib/utils/validateId.ts}) and random tokens of {@code [a-z0-9]}. The node accepts every value a
 * client can produce and bounds the rest: 1-{@value #MAX_LENGTH} printable ASCII characters (spaces allowed).
 */
public final class PeerJsIds {
    public static final int MAX_LENGTH = 128;

    private PeerJsIds() {
    }

    /** True for 1-128 characters in 0x20-0x7e. */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
