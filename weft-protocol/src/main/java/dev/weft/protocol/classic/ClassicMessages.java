package dev.weft.protocol.classic;

import dev.weft.protocol.JsonBytes;
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
        return new JsonBytes().raw("{\"type\":\"login\",\"success\":false,\"message\":").str(message).raw("}").bytes();
    }

    public static byte[] leave() {
        return utf8("{\"type\":\"leave\"}");
    }

    public static byte[] error(String message) {
        return new JsonBytes().raw("{\"type\":\"error\",\"message\":").str(message).raw("}").bytes();
    }

    /** {@code {"type":"offer","offer":<raw>,"name":<sender>}}; the offer is omitted when absent, as in the seed. */
    public static byte[] offer(byte[] frame, int off, int len, String senderName) {
        JsonBytes w = new JsonBytes().raw("{\"type\":\"offer\"");
        if (len > 0) {
            w.raw(",\"offer\":").raw(frame, off, len);
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
        JsonBytes w = new JsonBytes().raw("{\"type\":\"" + type + "\"");
        if (len > 0) {
            w.raw(",\"" + type + "\":").raw(frame, off, len);
        }
        return w.raw("}").bytes();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
