package dev.weft.protocol;

import java.security.SecureRandom;

/**
 * Rules for peer ids, tokens and refs, and the generators for server-assigned ones.
 *
 * <p>An id is 1-64 characters of {@code [A-Za-z0-9_-]} and starts with a letter or digit, so it can be used
 * in URLs, log lines and JSON without escaping. A token is 16-128 printable ASCII characters without spaces.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final char[] TOKEN_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /** Length of a server-assigned id (33^12, about 2^60 values). */
    public static final int GENERATED_ID_LENGTH = 12;
    /** Length of a server-generated token (64^32 = 2^192 values). */
    public static final int GENERATED_TOKEN_LENGTH = 32;

    private Ids() {
    }

    public static boolean isValidId(CharSequence id) {
        int n = id.length();
        if (n == 0 || n > Limits.MAX_ID_LENGTH || !isAlnum(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = id.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidToken(CharSequence token) {
        int n = token.length();
        if (n < Limits.MIN_TOKEN_LENGTH || n > Limits.MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A ref is what a client attaches to a message to match the node's error to it: like an id, 1-64 chars. */
    public static boolean isValidRef(CharSequence ref) {
        int n = ref.length();
        if (n == 0 || n > Limits.MAX_REF_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = ref.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '-' && c != '.' && c != ':') {
                return false;
            }
        }
        return true;
    }

    /** A message type is 1-32 characters of {@code [a-z0-9-]}. */
    public static boolean isValidType(CharSequence type) {
        int n = type.length();
        if (n == 0 || n > Limits.MAX_TYPE_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static String newId() {
        return random(ALPHABET, GENERATED_ID_LENGTH);
    }

    public static String newToken() {
        return random(TOKEN_ALPHABET, GENERATED_TOKEN_LENGTH);
    }

    /**
     * {@code length} characters drawn uniformly from {@code alphabet} with one {@link SecureRandom#nextBytes}
     * call per batch (one call per character was the largest cost of a registration, docs/benchmarks-load.md):
     * each random byte is reduced to the largest multiple of the alphabet size below 256 and bytes above it
     * are rejected, so there is no modulo bias (the 64-letter token alphabet rejects nothing).
     */
    private static String random(char[] alphabet, int length) {
        int n = alphabet.length;
        int limit = 256 - 256 % n;
        char[] out = new char[length];
        byte[] draw = new byte[length + length / 2];
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(draw);
            for (int i = 0; i < draw.length && filled < length; i++) {
                int v = draw[i] & 0xff;
                if (v < limit) {
                    out[filled++] = alphabet[v % n];
                }
            }
        }
        return new String(out);
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
