package dev.weft.overlay.testing;

import dev.weft.overlay.Scheduler;
import java.util.PriorityQueue;

/**
 * A virtual clock: tasks run only when the test (or the simulator) advances time, in time order and, at equal
 * times, in the order they were scheduled. Deterministic, no threads, no sleeps.
 */
public final class ManualScheduler implements Scheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    @Override
    public long now() {
        return now;
    }

    /** Virtual Unix time: a fixed epoch (2026-11-18) plus the virtual clock. */
    @Override
    public long epochMillis() {
        return 1_795_000_000_000L + now;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs everything due within the next {@code ms} milliseconds, then sets the clock to now + ms. */
    public void advance(long ms) {
        long until = now + ms;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = until;
    }
}
