package dev.weft.bench;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

    @Option(names = "--percent-of-peak", description = "Label only: the load as a share of the peak.")
    String percent = "-";

    /** Latencies recorded on one event loop (single-threaded). */
    static final class Log {
        long[] values = new long[1 << 16];
        int n;

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
        try (Clients clients = new Clients(target.threads, target.sources)) {
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
                batch.log = new Log();
                double perLoop = rate / loops;
                long[] sent = {0};
                long end = bounds[1];
                pacers.add(e.getKey().scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    long due = (long) ((Math.min(now, end) - start) * perLoop / 1e9);
                    while (sent[0] < due) {
                        long intended = start + (long) (sent[0] * 1e9 / perLoop);
                        conns.get((int) (sent[0] % conns.size())).write(intended);
                        sent[0]++;
                    }
                    batch.flush();
                }, start - System.nanoTime(), TICK_NANOS, TimeUnit.NANOSECONDS));
            }
            Thread.sleep(Math.max(0, (bounds[0] - System.nanoTime()) / 1_000_000));
            double cpu0 = ProcStats.cpuSeconds(target.serverPids);
            long n0 = received.sum();
            Thread.sleep(Math.max(0, (bounds[1] - System.nanoTime()) / 1_000_000));
            long n1 = received.sum();
            double cpu1 = ProcStats.cpuSeconds(target.serverPids);
            Thread.sleep(1000); // let the last messages of the window arrive
            pacers.forEach(f -> f.cancel(false));
            long[] all = collect(p);
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
            report.print();
            p.close();
            return all.length > 0 ? 0 : 1;
        }
    }

    private static long[] collect(Pairs p) throws Exception {
        List<long[]> parts = new ArrayList<>();
        for (Map.Entry<EventLoop, List<Conn>> e : p.byLoop.entrySet()) {
            Conn.Batch batch = e.getValue().get(0).batch;
            parts.add(e.getKey().submit(() -> Arrays.copyOf(batch.log.values, batch.log.n)).get());
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
