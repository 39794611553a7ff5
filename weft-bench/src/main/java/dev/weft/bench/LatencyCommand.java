package dev.weft.bench;

import io.netty.channel.EventLoop;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One-way relay latency at a fixed offered load (open loop). A pacer on each event loop sends the messages due
 * every 100 µs, round robin over its clients, each stamped with its <em>intended</em> send time, so a stalled
 * server or generator shows up as latency instead of silently lowering the load (no coordinated omission).
 * Latency = receive time − intended send time, both {@link System#nanoTime} of this process.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "One-way relay latency (p50/p99/p999) at a fixed offered load.")
final class LatencyCommand implements Callable<Integer> {
    private static final long TICK_NANOS = 100_000;
    /** How Netty names the generator's event loop threads, as the kernel shows it (15 characters). */
    private static final String EVENT_LOOP_THREAD = "multiThreadIoEv";

    @Mixin
    TargetOptions target;

    @Option(names = "--rate", required = true, description = "Offered messages per second (all senders).")
    double rate;

    @Option(names = "--pairs", description = "Client pairs. Default: ${DEFAULT-VALUE}.")
    int pairs = 50;

    @Option(names = "--size", description = "Bytes per client frame. Default: ${DEFAULT-VALUE}.")
    int size = 200;

    @Option(names = "--warmup", description = "Seconds before measuring. Default: ${DEFAULT-VALUE}.")
    double warmup = 3;

    @Option(names = "--duration", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    double duration = 10;

    @Option(names = "--busy-poll", description = "Poll epoll without sleeping (the generator's core stays busy).")
    boolean busyPoll;

    @Option(names = "--percent-of-peak", description = "Label only: the load as a share of the peak.")
    String percent = "-";

    /** Latencies recorded on one event loop (single-threaded). */
    static final class Log {
        long[] values;
        int n;

        /** Sized up front for the whole window, so it does not grow (copy megabytes) while measuring. */
        Log(long expected) {
            values = new long[(int) Math.min(Integer.MAX_VALUE - 8, expected + (expected >> 3) + 1024)];
        }

        void add(long v) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }
    }

    @Override
    public Integer call() throws Exception {
        LongAdder received = new LongAdder();
        LongAdder others = new LongAdder();
        long[] bounds = new long[2];
        Conn.Listener listener = new Conn.Listener() {
            @Override
            public void message(Conn c, long sentNanos) {
                long now = System.nanoTime();
                received.increment();
                if (sentNanos >= bounds[0] && sentNanos < bounds[1]) {
                    c.batch.log.add(now - sentNanos);
                }
            }

            @Override
            public void other(Conn c, String frame) {
                if (others.sum() < 5) {
                    System.err.println("unexpected frame at " + c.id + ": " + frame);
                }
                others.increment();
            }
        };
        try (Clients clients = new Clients(target.threads, target.sources, busyPoll)) {
            Pairs p = Pairs.open(clients, target, pairs, Protocol.Kind.CANDIDATE, size, listener);
            long start = System.nanoTime() + 50_000_000L;
            bounds[0] = start + (long) (warmup * 1e9);
            bounds[1] = bounds[0] + (long) (duration * 1e9);
            // Publish the bounds to the loops before the first message (the scheduled tasks below are a barrier).
            List<ScheduledFuture<?>> pacers = new ArrayList<>();
            int loops = p.byLoop.size();
            for (Map.Entry<EventLoop, List<Conn>> e : p.byLoop.entrySet()) {
                List<Conn> conns = e.getValue();
                Conn.Batch batch = conns.get(0).batch;
                double perLoop = rate / loops;
                batch.log = new Log((long) (perLoop * duration));
                long[] sent = {0};
                long end = bounds[1];
                batch.sendLag = new Log((long) (perLoop * duration));
                pacers.add(e.getKey().scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    long due = (long) ((Math.min(now, end) - start) * perLoop / 1e9);
                    while (sent[0] < due) {
                        long intended = start + (long) (sent[0] * 1e9 / perLoop);
                        conns.get((int) (sent[0] % conns.size())).write(intended);
                        if (intended >= bounds[0]) {
                            batch.sendLag.add(now - intended);
                        }
                        sent[0]++;
                    }
                    batch.flush();
                }, start - System.nanoTime(), TICK_NANOS, TimeUnit.NANOSECONDS));
            }
            Thread.sleep(Math.max(0, (bounds[0] - System.nanoTime()) / 1_000_000));
            double cpu0 = ProcStats.cpuSeconds(target.serverPids);
            List<Long> self = List.of(ProcessHandle.current().pid());
            double gen0 = ProcStats.cpuSeconds(self);
            double genWait0 = ProcStats.runQueueWaitSeconds(self, EVENT_LOOP_THREAD);
            double serverWait0 = ProcStats.runQueueWaitSeconds(target.serverPids);
            long[] gc0 = gcCountAndMillis();
            long alloc0 = allocatedBytes();
            long n0 = received.sum();
            Thread.sleep(Math.max(0, (bounds[1] - System.nanoTime()) / 1_000_000));
            long n1 = received.sum();
            double cpu1 = ProcStats.cpuSeconds(target.serverPids);
            double gen1 = ProcStats.cpuSeconds(self);
            double genWait1 = ProcStats.runQueueWaitSeconds(self, EVENT_LOOP_THREAD);
            double serverWait1 = ProcStats.runQueueWaitSeconds(target.serverPids);
            long[] gc1 = gcCountAndMillis();
            long alloc1 = allocatedBytes();
            Thread.sleep(1000); // let the last messages of the window arrive
            pacers.forEach(f -> f.cancel(false));
            long[] all = collect(p, b -> b.log);
            long[] lag = collect(p, b -> b.sendLag);
            long expected = (long) (rate * duration);
            Report report = new Report("latency", target).put("size", p.all.get(0).payload.template.length)
                    .put("pairs", pairs).put("offered_per_s", Math.round(rate)).put("percent_of_peak", percent)
                    .put("received_per_s", Math.round((n1 - n0) / duration))
                    .put("samples", all.length).put("expected", expected).put("errors", others.sum());
            if (all.length > 0) {
                report.put("p50_ms", pct(all, 0.50)).put("p99_ms", pct(all, 0.99)).put("p999_ms", pct(all, 0.999))
                        .put("max_ms", all[all.length - 1] / 1e6);
            }
            if (!target.serverPids.isEmpty() && n1 > n0) {
                report.put("server_us_per_msg", (cpu1 - cpu0) / (n1 - n0) * 1e6);
            }
            // Where the time went (docs/benchmarks-load.md, "The instrument's own floor"): the pacer's lateness
            // (part of every latency above), the generator's CPU and GC, and how long the generator's and the
            // server's threads waited for a CPU that other processes held.
            if (lag.length > 0) {
                report.put("send_lag_p99_ms", pct(lag, 0.99)).put("send_lag_max_ms", lag[lag.length - 1] / 1e6);
            }
            if (n1 > n0) {
                report.put("gen_us_per_msg", (gen1 - gen0) / (n1 - n0) * 1e6)
                        .put("gen_alloc_b_per_msg", Math.round((alloc1 - alloc0) / (double) (n1 - n0)));
            }
            report.put("gen_cpu_share", (gen1 - gen0) / duration).put("gen_gcs", gc1[0] - gc0[0])
                    .put("gen_gc_ms", gc1[1] - gc0[1]).put("gen_runq_wait_ms", (genWait1 - genWait0) * 1e3);
            if (!target.serverPids.isEmpty()) {
                report.put("server_runq_wait_ms", (serverWait1 - serverWait0) * 1e3);
            }
            report.print();
            p.close();
            return all.length > 0 ? 0 : 1;
        }
    }

    /** Collections and milliseconds spent in them so far, all of this JVM's collectors. */
    private static long[] gcCountAndMillis() {
        long[] r = new long[2];
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            r[0] += Math.max(0, gc.getCollectionCount());
            r[1] += Math.max(0, gc.getCollectionTime());
        }
        return r;
    }

    /** Bytes allocated on the Java heap by this JVM's live threads so far. */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    private static long[] collect(Pairs p, Function<Conn.Batch, Log> which) throws Exception {
        List<long[]> parts = new ArrayList<>();
        for (Map.Entry<EventLoop, List<Conn>> e : p.byLoop.entrySet()) {
            Log log = which.apply(e.getValue().get(0).batch);
            parts.add(e.getKey().submit(() -> Arrays.copyOf(log.values, log.n)).get());
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static double pct(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
