package dev.weft.bench.jmh;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's benchmark threads as Netty {@code FastThreadLocalThread}s, like the node's event loops. Netty treats
 * those threads differently (pooled-buffer thread caches, object recycling), so a hot-path benchmark on plain
 * threads measures allocations the node does not make. Used with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=dev.weft.bench.jmh.EventLoopThreads}.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {
    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
