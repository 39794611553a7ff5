package dev.weft.node.signal;

/**
 * Token bucket for one connection: {@code rate} messages per second sustained, bursts up to {@code 2 * rate}.
 * Not thread-safe: used from the connection's event loop only.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private long droppedThisSecond;
    private long windowStart;

    public RateLimiter(int ratePerSecond, long nowNanos) {
        this.perNano = ratePerSecond / 1e9;
        this.burst = 2.0 * ratePerSecond;
        this.tokens = burst;
        this.last = nowNanos;
        this.windowStart = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        if (nowNanos - windowStart > 1_000_000_000L) {
            windowStart = nowNanos;
            droppedThisSecond = 0;
        }
        droppedThisSecond++;
        return false;
    }

    /** Messages dropped in the current one-second window. */
    public long droppedThisSecond() {
        return droppedThisSecond;
    }

    /** The first drop of a window is the one worth telling the client about. */
    public boolean firstDropInWindow() {
        return droppedThisSecond == 1;
    }

    /** A client that keeps sending at ten times its limit for a second is abusive. */
    public boolean abusive() {
        return droppedThisSecond > 10 * burst;
    }
}
