package dev.weft.overlay;

/**
 * Time for the overlay: its clock and its timers. The overlay never reads the wall clock or sleeps; a node
 * passes one backed by its event loop, tests and the simulator a virtual one ({@code ManualScheduler} in the
 * tests). Every task runs on the overlay's single thread.
 */
public interface Scheduler {
    /** Milliseconds on a monotonic clock. */
    long now();

    /** Unix time in milliseconds (DHT record expiry, which other peers compare with their own clocks). */
    default long epochMillis() {
        return now();
    }

    /** Runs {@code task} after {@code delayMs} on the overlay's thread. */
    Cancellable schedule(long delayMs, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
