package dev.weft.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Id strings by their bytes, so that relaying to the same peers again and again does not make a new
 * {@code String} (and recompute its hash for the registry lookup) per message. Direct-mapped: each slot keeps
 * the last id that hashed there; a miss makes the string and replaces the slot. Not thread-safe (one per
 * {@link EnvelopeScanner}).
 */
final class IdCache {
    private static final int SLOTS = 1024;
    private final String[] slots = new String[SLOTS];

    /** The string of the ASCII bytes {@code b[offset, offset + length)}. */
    String get(byte[] b, int offset, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + b[offset + i]; // String.hashCode of the same ASCII text
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && matches(cached, b, offset, length)) {
            return cached;
        }
        String made = new String(b, offset, length, StandardCharsets.US_ASCII);
        slots[slot] = made;
        return made;
    }

    private static boolean matches(String s, byte[] b, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != b[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
