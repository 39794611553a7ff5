package dev.weft.node.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for a condition on real sockets, processes and pages (where no virtual clock exists). */
public final class Await {
    private Await() {
    }

    /**
     * Returns once {@code check} holds, checking it every {@code poll}; fails the test with {@code what} after
     * {@code timeout}.
     */
    public static void until(String what, Duration timeout, Duration poll, BooleanSupplier check) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
