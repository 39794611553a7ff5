package dev.weft.protocol.classic;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frames of seed 003's server, byte for byte as its {@code JSON.stringify} writes them (same key order),
 * plus the errors the seed left out (invalid JSON, unknown target, not logged in).
 */
public final class ClassicMessages {
    public static final String HELLO_TEXT = "Welcome to connect Signaling Server";
    /** The seed's duplicate-login message ("logged in twice"). */
    public static final String DUPLICATE_LOGIN_TEXT = "重複登入";

    private ClassicMessages() {
    }

    public static byte[] hello() {
        return utf8("{\"type\":\"hello\",\"message\":\"" + HELLO_TEXT + "\"}");
    }

    public static byte[] loginOk() {
        return utf8("{\"type\":\"login\",\"success\":true}");
    }

    public static byte[] loginFailed(String message) {
        return new W().raw("{\"type\":\"login\",\"success\":false,\"message\":").str(message).raw("}").bytes();
    }

    public static byte[] leave() {
        return utf8("{\"type\":\"leave\"}");
    }

    public static byte[] error(String message) {
        return new W().raw("{\"type\":\"error\",\"message\":").str(message).raw("}").bytes();
    }

    /** {@code {"type":"offer","offer":<raw>,"name":<sender>}}; the offer is omitted when absent, as in the seed. */
    public static byte[] offer(byte[] frame, int off, int len, String senderName) {
        W w = new W().raw("{\"type\":\"offer\"");
        if (len > 0) {
            w.raw(",\"offer\":").bytes(frame, off, len);
        }
        return w.raw(",\"name\":").str(senderName).raw("}").bytes();
    }

    /** {@code {"type":"answer","answer":<raw>}} */
    public static byte[] answer(byte[] frame, int off, int len) {
        return valueOnly("answer", frame, off, len);
    }

    /** {@code {"type":"candidate","candidate":<raw>}} */
    public static byte[] candidate(byte[] frame, int off, int len) {
        return valueOnly("candidate", frame, off, len);
    }

    private static byte[] valueOnly(String type, byte[] frame, int off, int len) {
        W w = new W().raw("{\"type\":\"" + type + "\"");
        if (len > 0) {
            w.raw(",\"" + type + "\":").bytes(frame, off, len);
        }
        return w.raw("}").bytes();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class W {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        W raw(String s) {
            byte[] b = utf8(s);
            out.write(b, 0, b.length);
            return this;
        }

        W str(String s) {
            out.write('"');
            byte[] b = JsonStringEncoder.getInstance().quoteAsUTF8(s);
            out.write(b, 0, b.length);
            out.write('"');
            return this;
        }

        W bytes(byte[] b, int off, int len) {
            out.write(b, off, len);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
