package dev.weft.node.ws;

import io.netty.buffer.ByteBuf;

/**
 * Incremental UTF-8 validation of a text message that may arrive in several fragments (RFC 6455 section 8.1:
 * the whole message must be valid UTF-8, and a code point may be split across frames). The grammar is RFC 3629
 * section 4: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence at
 * the end of the message.
 *
 * <p>Almost every signaling frame is ASCII JSON, so the check runs 8 bytes at a time ({@link ByteBuf#getLong}
 * and the 0x80 bit of each byte) while no sequence is open, and falls back to a byte-at-a-time state machine only
 * for non-ASCII bytes. Netty's own validator walks every byte through a table-driven automaton; on the relay path
 * it was 43 % of the event loop's CPU (docs/benchmarks-load.md).
 *
 * <p>Not thread-safe: one instance per connection, used on its event loop.
 */
public final class Utf8Validation {
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Between code points: the next byte starts one. */
    private static final int ACCEPT = 0;
    /** One, two or three continuation bytes (80..BF) still to come. */
    private static final int TAIL1 = 1;
    private static final int TAIL2 = 2;
    private static final int TAIL3 = 3;
    /** After E0: the next byte is A0..BF (shorter forms would be overlong), then one more. */
    private static final int AFTER_E0 = 4;
    /** After ED: the next byte is 80..9F (A0..BF would encode a surrogate), then one more. */
    private static final int AFTER_ED = 5;
    /** After F0: the next byte is 90..BF (shorter forms would be overlong), then two more. */
    private static final int AFTER_F0 = 6;
    /** After F4: the next byte is 80..8F (90..BF would be above U+10FFFF), then two more. */
    private static final int AFTER_F4 = 7;
    /** A byte broke the grammar; stays so until {@link #reset()}. */
    private static final int REJECT = 8;

    private int state = ACCEPT;

    /**
     * Checks the readable bytes of {@code buf} (indexes only; the reader index does not move) as the next part of
     * the message. Returns {@code false} as soon as they cannot be UTF-8, whatever follows.
     */
    public boolean update(ByteBuf buf) {
        return update(buf, buf.readerIndex(), buf.writerIndex());
    }

    /** Checks bytes {@code [from, to)} of {@code buf} as the next part of the message. */
    public boolean update(ByteBuf buf, int from, int to) {
        int s = state;
        int i = from;
        while (i < to) {
            if (s == ACCEPT) {
                // ASCII fast path: skip whole 8-byte words with no byte >= 0x80 (byte order does not matter).
                while (to - i >= Long.BYTES && (buf.getLong(i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                if (i == to) {
                    break;
                }
                int b = buf.getByte(i++);
                if (b >= 0) {
                    continue;
                }
                s = lead(b & 0xFF);
            } else {
                s = next(s, buf.getByte(i++) & 0xFF);
            }
            if (s == REJECT) {
                state = REJECT;
                return false;
            }
        }
        state = s;
        return true;
    }

    /** Ends the message: {@code true} if it ended between code points and nothing was rejected. Resets. */
    public boolean finish() {
        boolean complete = state == ACCEPT;
        state = ACCEPT;
        return complete;
    }

    /** Forgets any partial sequence or rejection (a new message starts). */
    public void reset() {
        state = ACCEPT;
    }

    /** The state after a lead byte 80..FF (RFC 3629 section 4, UTF8-2/3/4). */
    private static int lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return TAIL1;
        }
        if (b == 0xE0) {
            return AFTER_E0;
        }
        if (b == 0xED) {
            return AFTER_ED;
        }
        if (b >= 0xE1 && b <= 0xEF) {
            return TAIL2;
        }
        if (b == 0xF0) {
            return AFTER_F0;
        }
        if (b >= 0xF1 && b <= 0xF3) {
            return TAIL3;
        }
        if (b == 0xF4) {
            return AFTER_F4;
        }
        return REJECT; // 80..BF (continuation without a lead), C0/C1 (overlong), F5..FF (above U+10FFFF)
    }

    /** The state after byte {@code b} inside a sequence. */
    private static int next(int s, int b) {
        switch (s) {
            case TAIL1:
                return isTail(b) ? ACCEPT : REJECT;
            case TAIL2:
                return isTail(b) ? TAIL1 : REJECT;
            case TAIL3:
                return isTail(b) ? TAIL2 : REJECT;
            case AFTER_E0:
                return b >= 0xA0 && b <= 0xBF ? TAIL1 : REJECT;
            case AFTER_ED:
                return b >= 0x80 && b <= 0x9F ? TAIL1 : REJECT;
            case AFTER_F0:
                return b >= 0x90 && b <= 0xBF ? TAIL2 : REJECT;
            case AFTER_F4:
                return b >= 0x80 && b <= 0x8F ? TAIL2 : REJECT;
            default:
                return REJECT;
        }
    }

    private static boolean isTail(int b) {
        return (b & 0xC0) == 0x80;
    }
}
