package dev.weft.node.ws;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * A frame's bytes as an array for the envelope parser, without allocating per message. With the epoll
 * transport Netty decodes frames into direct buffers, which have no array; copying each into a fresh
 * {@code byte[]} was the largest allocation on the relay path (docs/benchmarks-load.md, profile). Instead the
 * bytes are copied into one scratch array per event-loop thread, grown to the largest frame seen (at most the
 * message size limit).
 *
 * <p>The array is valid only until the next call on the same thread: callers read it synchronously and copy
 * whatever they keep.
 */
public final class FrameBytes {
    private static final int INITIAL = 4096;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL];
        }
    };

    private FrameBytes() {
    }

    /** The readable bytes of {@code content}, copied to offset 0 of this thread's scratch array. */
    public static byte[] copy(ByteBuf content) {
        int length = content.readableBytes();
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            SCRATCH.set(scratch);
        }
        content.getBytes(content.readerIndex(), scratch, 0, length);
        return scratch;
    }
}
