package dev.weft.node.http;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps the number of open WebSocket connections; a slot is freed when its channel closes. */
public final class ConnectionLimiter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimiter(int max) {
        this.max = max;
    }

    public boolean tryAcquire(Channel ch) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                ch.closeFuture().addListener(f -> open.decrementAndGet());
                return true;
            }
        }
    }

    public int open() {
        return open.get();
    }
}
