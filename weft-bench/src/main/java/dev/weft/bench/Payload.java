package dev.weft.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The relayed message the workloads send: {@code <protocol head>{"t":"<19 digits>","sdp":"aaa..."}}, sized so
 * the whole frame the client sends is {@code size} bytes. The send time travels as a fixed-width JSON string
 * (every server forwards strings unchanged, and the seed's {@code JSON.parse} would refuse a number with leading
 * zeros), so one template per (sender, kind) is copied and only the digits are patched per message.
 */
final class Payload {
    static final int DIGITS = 19;
    private static final byte[] MARK = "\"t\":\"".getBytes(StandardCharsets.US_ASCII);

    final byte[] template;
    final int timeOffset;

    private Payload(byte[] template, int timeOffset) {
        this.template = template;
        this.timeOffset = timeOffset;
    }

    /** The frame for {@code protocol} from a client to {@code to}, {@code size} bytes long (or the minimum). */
    static Payload build(Protocol protocol, Protocol.Kind kind, String to, int size) {
        String head = protocol.relayHead(kind, to) + "{\"t\":\"";
        String mid = "0".repeat(DIGITS) + "\",\"sdp\":\"";
        String tail = "\"}}";
        int pad = Math.max(0, size - head.length() - mid.length() - tail.length());
        String frame = head + mid + "a".repeat(pad) + tail;
        return new Payload(frame.getBytes(StandardCharsets.US_ASCII), head.length());
    }

    /** Writes the frame with send time {@code nanos} into {@code out}. */
    void writeTo(ByteBuf out, long nanos) {
        int start = out.writerIndex();
        out.writeBytes(template);
        int i = start + timeOffset + DIGITS - 1;
        long v = nanos;
        for (int k = 0; k < DIGITS; k++) {
            out.setByte(i--, (int) ('0' + v % 10));
            v /= 10;
        }
    }

    /** The send time in a received frame, or -1 if the frame carries none (a control message). */
    static long readTime(ByteBuf frame) {
        int from = frame.readerIndex();
        int end = frame.writerIndex() - MARK.length - DIGITS;
        outer:
        for (int i = from; i <= end; i++) {
            for (int k = 0; k < MARK.length; k++) {
                if (frame.getByte(i + k) != MARK[k]) {
                    continue outer;
                }
            }
            long v = 0;
            int p = i + MARK.length;
            for (int k = 0; k < DIGITS; k++) {
                int c = frame.getByte(p + k) - '0';
                if (c < 0 || c > 9) {
                    return -1;
                }
                v = v * 10 + c;
            }
            return v;
        }
        return -1;
    }
}
