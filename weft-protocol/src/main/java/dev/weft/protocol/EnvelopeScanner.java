package dev.weft.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The allocation-free fast path for the message a signaling node sees most: a relay ({@code offer},
 * {@code answer}, {@code candidate}, {@code signal}) with a {@code to}, a {@code payload} and maybe a {@code ref}.
 *
 * <p>It walks the frame once with the JSON grammar of RFC 8259 (section 2 values, 4 objects, 5 arrays, 6 numbers,
 * 7 strings), checking the whole frame, payload included, and fills a reused {@link RelayEnvelope}. It decides
 * nothing on its own: whenever the frame is anything but a plainly valid relay message (another type, a
 * syntax error, an escape in an envelope string, a duplicate field, {@code id}/{@code token}/{@code from},
 * non-ASCII bytes, deep nesting, a long number or name) it returns null, and the caller reads the frame with
 * {@link ClientMessageReader}, which gives the authoritative message or error. So every frame is accepted or
 * refused exactly as the reader does; {@code EnvelopeScannerTest} checks that on generated and mutated frames.
 *
 * <p>The target id comes from a small cache of id strings, so a steady stream of relays to known peers makes
 * no strings; the {@code ref} string is made only if an error needs it.
 *
 * <p>Not thread-safe: keep one per thread (one per event loop).
 */
public final class EnvelopeScanner {
    /** Nesting kept safely inside the reader's limit ({@link Limits#MAX_DEPTH}); deeper frames go to it. */
    private static final int MAX_DEPTH = Limits.MAX_DEPTH - 2;
    /** Numbers and names kept safely inside the reader's constraints (64 digits; Jackson's name limit). */
    private static final int MAX_NUMBER = 32;
    private static final int MAX_NAME = 256;
    private static final int PLAIN = 0;
    private static final int ESCAPED = 1;
    private static final int GIVE_UP = -1;

    private static final byte[] TYPE = ascii("type");
    private static final byte[] TO = ascii("to");
    private static final byte[] PAYLOAD = ascii("payload");
    private static final byte[] REF = ascii("ref");
    private static final byte[] ID = ascii("id");
    private static final byte[] TOKEN = ascii("token");
    private static final byte[] FROM = ascii("from");
    /** {@code RelayType.values()} copies its array on every call; the scanner keeps one. */
    private static final RelayType[] RELAY_TYPES = RelayType.values();
    private static final byte[][] RELAY_NAMES = new byte[RELAY_TYPES.length][];

    static {
        for (RelayType t : RELAY_TYPES) {
            RELAY_NAMES[t.ordinal()] = ascii(t.wire());
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private final RelayEnvelope envelope = new RelayEnvelope();
    private final AsciiView view = new AsciiView();
    private final IdCache ids = new IdCache();
    private byte[] b;
    private int pos;
    private int end;

    /**
     * The relay message in {@code frame[offset, offset + length)}, or null when the frame must be read by
     * {@link ClientMessageReader}. The returned envelope is this scanner's and is overwritten by the next call.
     */
    public RelayEnvelope scanRelay(byte[] frame, int offset, int length) {
        b = frame;
        pos = offset;
        end = offset + length;
        try {
            return scanObject() ? envelope : null;
        } finally {
            b = null;
        }
    }

    private boolean scanObject() {
        skipWhitespace();
        if (!take('{')) {
            return false;
        }
        RelayType type = null;
        int toStart = -1;
        int toLength = 0;
        int payloadStart = -1;
        int payloadLength = 0;
        int refStart = -1;
        int refLength = 0;
        do {
            skipWhitespace();
            int nameStart = pos + 1;
            if (!plainString()) {
                return false;
            }
            int nameLength = pos - 1 - nameStart;
            if (nameLength > MAX_NAME) {
                return false;
            }
            skipWhitespace();
            if (!take(':')) {
                return false;
            }
            skipWhitespace();
            int valueStart = pos;
            if (is(TYPE, nameStart, nameLength)) {
                if (type != null || !plainString()) {
                    return false;
                }
                type = relayType(valueStart + 1, pos - valueStart - 2);
                if (type == null) {
                    return false;
                }
            } else if (is(TO, nameStart, nameLength)) {
                if (toStart >= 0 || !plainString() || !Ids.isValidId(text(valueStart))) {
                    return false;
                }
                toStart = valueStart + 1;
                toLength = pos - valueStart - 2;
            } else if (is(REF, nameStart, nameLength)) {
                if (refStart >= 0 || !plainString() || !Ids.isValidRef(text(valueStart))) {
                    return false;
                }
                refStart = valueStart + 1;
                refLength = pos - valueStart - 2;
            } else if (is(PAYLOAD, nameStart, nameLength)) {
                if (payloadStart >= 0 || !skipValue(2)) {
                    return false;
                }
                payloadStart = valueStart;
                payloadLength = pos - valueStart;
            } else if (is(ID, nameStart, nameLength) || is(TOKEN, nameStart, nameLength)
                    || is(FROM, nameStart, nameLength) || !skipValue(2)) {
                return false;
            }
            skipWhitespace();
        } while (take(','));
        if (!take('}')) {
            return false;
        }
        skipWhitespace();
        if (pos != end || type == null || toStart < 0) {
            return false;
        }
        envelope.set(type, ids.get(b, toStart, toLength), b, payloadStart, payloadLength, refStart, refLength);
        return true;
    }

    /** Skips a string at {@code pos} if it is one without escapes (an envelope string the fast path can take). */
    private boolean plainString() {
        return at('"') && skipString() == PLAIN;
    }

    /** The text of the string that starts at {@code quote} and ends just before {@code pos}, in place. */
    private CharSequence text(int quote) {
        return view.of(b, quote + 1, pos - quote - 2);
    }

    /** Skips one JSON value at {@code pos} whose containers sit at nesting level {@code depth}. */
    private boolean skipValue(int depth) {
        if (pos >= end) {
            return false;
        }
        switch (b[pos]) {
            case '"':
                return skipString() != GIVE_UP;
            case '{':
                return skipContainer(depth, '}', true);
            case '[':
                return skipContainer(depth, ']', false);
            case 't':
                return skipLiteral("true");
            case 'f':
                return skipLiteral("false");
            case 'n':
                return skipLiteral("null");
            default:
                return skipNumber();
        }
    }

    /** RFC 8259 sections 4 and 5: an object's members or an array's elements. */
    private boolean skipContainer(int depth, char close, boolean object) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++;
        skipWhitespace();
        if (take(close)) {
            return true;
        }
        do {
            skipWhitespace();
            if (object) {
                int nameStart = pos;
                if (!at('"') || skipString() == GIVE_UP || pos - nameStart > MAX_NAME) {
                    return false;
                }
                skipWhitespace();
                if (!take(':')) {
                    return false;
                }
                skipWhitespace();
            }
            if (!skipValue(depth + 1)) {
                return false;
            }
            skipWhitespace();
        } while (take(','));
        return take(close);
    }

    /**
     * RFC 8259 section 7: a string from its opening quote; {@link #PLAIN} or {@link #ESCAPED} with {@code pos}
     * after the closing quote, or {@link #GIVE_UP} (bad escape, control character, end of frame, or a non-ASCII
     * byte, which the reader handles).
     */
    private int skipString() {
        int kind = PLAIN;
        int p = pos + 1;
        while (true) {
            while (p + 8 <= end && plain((long) LONGS.get(b, p))) {
                p += 8;
            }
            if (p >= end) {
                return GIVE_UP;
            }
            byte c = b[p];
            if (c == '"') {
                pos = p + 1;
                return kind;
            }
            if (c < 0x20) {
                return GIVE_UP; // control characters, and (as a signed byte) everything >= 0x80
            }
            if (c == '\\') {
                kind = ESCAPED;
                if (p + 1 >= end) {
                    return GIVE_UP;
                }
                byte e = b[p + 1];
                if (e == 'u') {
                    if (p + 5 >= end || !hex(b[p + 2]) || !hex(b[p + 3]) || !hex(b[p + 4]) || !hex(b[p + 5])) {
                        return GIVE_UP;
                    }
                    p += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    p += 2;
                } else {
                    return GIVE_UP;
                }
            } else {
                p++;
            }
        }
    }

    /**
     * Whether none of the 8 bytes in {@code x} needs a look inside a string: no quote, no backslash, no control
     * character and no byte above 0x7f. Each test is the "has a zero byte" word trick ({@code (v - 0x01..) &
     * ~v & 0x80..}), which never misses such a byte; a false alarm only sends those 8 bytes to the byte loop.
     */
    private static boolean plain(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        long found = ((quote - ONES) & ~quote)
                | ((backslash - ONES) & ~backslash)
                | ((x - 0x2020202020202020L) & ~x) // a byte below 0x20
                | x; // a byte above 0x7f
        return (found & HIGH) == 0;
    }

    /** RFC 8259 section 6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private boolean skipNumber() {
        int start = pos;
        int p = pos;
        if (p < end && b[p] == '-') {
            p++;
        }
        if (p >= end || !digit(b[p])) {
            return false;
        }
        if (b[p] == '0') {
            p++;
        } else {
            p = digits(p);
        }
        if (p < end && b[p] == '.') {
            int frac = p + 1;
            p = digits(frac);
            if (p == frac) {
                return false;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exp = p;
            p = digits(exp);
            if (p == exp) {
                return false;
            }
        }
        pos = p;
        return p - start <= MAX_NUMBER;
    }

    private int digits(int p) {
        while (p < end && digit(b[p])) {
            p++;
        }
        return p;
    }

    private boolean skipLiteral(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** RFC 8259 section 2: insignificant whitespace is space, tab, line feed and carriage return. */
    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private boolean at(char c) {
        return pos < end && b[pos] == c;
    }

    private boolean take(char c) {
        if (at(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean is(byte[] name, int start, int length) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private RelayType relayType(int start, int length) {
        for (RelayType t : RELAY_TYPES) {
            if (is(RELAY_NAMES[t.ordinal()], start, length)) {
                return t;
            }
        }
        return null;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(byte c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A reusable {@link CharSequence} over ASCII bytes, so the {@link Ids} rules check them in place. */
    private static final class AsciiView implements CharSequence {
        private byte[] bytes;
        private int offset;
        private int length;

        AsciiView of(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[offset + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
