package dev.weft.turn.internal;

import dev.weft.stun.SendIndicationView;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * Per-thread working memory for the hot paths: a heap copy area for the weft-stun codecs (which work on arrays
 * and ByteBuffers, not on Netty buffers) and a reusable Send indication view. Nothing here outlives one packet.
 */
final class Scratch {
    private static final FastThreadLocal<Scratch> LOCAL = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    final SendIndicationView view = new SendIndicationView();
    /** Room for the largest STUN message plus a response written after it. */
    final byte[] bytes = new byte[0x10000 + 1024];
    final ByteBuffer buffer = ByteBuffer.wrap(bytes);

    static Scratch get() {
        return LOCAL.get();
    }
}
