package dev.weft.turn.internal;

/**
 * A per-allocation bandwidth cap: {@code rate} bytes per second with a burst of one second's worth.
 * Single-threaded (the allocation's event loop); no allocation per call.
 */
final class TokenBucket {
    private final long rate;
    private long tokens;
    private long lastMillis;

    TokenBucket(long bytesPerSecond, long nowMillis) {
        this.rate = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code bytes} if available; false means the packet is over the cap and must be dropped. */
    boolean tryTake(int bytes, long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed > 0) {
            tokens = Math.min(rate, tokens + elapsed * rate / 1000);
            lastMillis = nowMillis;
        }
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
