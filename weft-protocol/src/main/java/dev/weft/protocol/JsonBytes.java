package dev.weft.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The two JSON byte operations both protocols need: writing a frame from raw pieces and quoted strings in a
 * fixed field order, and locating a value's exact bytes while parsing so it can be forwarded untouched.
 */
public final class JsonBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    /** Appends text as-is (UTF-8). */
    public JsonBytes raw(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        return this;
    }

    /** Appends bytes as-is. */
    public JsonBytes raw(byte[] b, int off, int len) {
        out.write(b, off, len);
        return this;
    }

    /** Appends a JSON string literal with escaping. */
    public JsonBytes str(String value) {
        out.write('"');
        byte[] b = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        out.write(b, 0, b.length);
        out.write('"');
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * With the parser on the first token of a value, consumes the value and returns its byte range relative to
     * the parser's input start, packed as {@code start << 32 | length}.
     */
    public static long span(JsonParser p, JsonToken first) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else if (first == JsonToken.VALUE_STRING) {
            p.finishToken();
        }
        long end = p.currentLocation().getByteOffset();
        return (start << 32) | (end - start);
    }

    public static int spanStart(long span) {
        return (int) (span >>> 32);
    }

    public static int spanLength(long span) {
        return (int) span;
    }
}
