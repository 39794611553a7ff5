package dev.weft.bench;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Churn: {@code concurrency} loops, each connecting a socket, registering, saying goodbye with a close frame and
 * waiting for the server to close, then starting over with a new id. Reports completed cycles per second.
 */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "Connect + register + disconnect cycles per second.")
final class ChurnCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--concurrency", description = "Cycles in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency = 32;

    @Option(names = "--warmup", description = "Seconds before measuring. Default: ${DEFAULT-VALUE}.")
    double warmup = 2;

    @Option(names = "--duration", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    double duration = 10;

    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String run = Long.toString(System.nanoTime() & 0xffffffffL, 36);

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(concurrency);
        try (Clients clients = new Clients(target.threads, Math.max(target.sources, 1))) {
            for (int i = 0; i < concurrency; i++) {
                cycle(clients, stopped);
            }
            Thread.sleep((long) (warmup * 1000));
            long n0 = done.sum();
            long f0 = failed.sum();
            double cpu0 = ProcStats.cpuSeconds(target.serverPids);
            long t0 = System.nanoTime();
            Thread.sleep((long) (duration * 1000));
            long n1 = done.sum();
            long t1 = System.nanoTime();
            double cpu1 = ProcStats.cpuSeconds(target.serverPids);
            running.set(false);
            stopped.await(30, TimeUnit.SECONDS);
            double seconds = (t1 - t0) / 1e9;
            Report report = new Report("churn", target).put("concurrency", concurrency).put("seconds", seconds)
                    .put("cycles", n1 - n0).put("cycles_per_s", Math.round((n1 - n0) / seconds))
                    .put("failed", failed.sum() - f0);
            if (!target.serverPids.isEmpty() && n1 > n0) {
                report.put("server_us_per_cycle", (cpu1 - cpu0) / (n1 - n0) * 1e6);
            }
            report.print();
            return n1 > n0 ? 0 : 1;
        }
    }

    private void cycle(Clients clients, CountDownLatch stopped) {
        if (!running.get()) {
            stopped.countDown();
            return;
        }
        long n = seq.getAndIncrement();
        Conn c = new Conn("h" + run + "x" + n, target.protocol, new Conn.Listener() {
            @Override
            public void message(Conn c, long sentNanos) {
            }
        });
        clients.connect(target.url((int) n), c, clients.loop()).whenComplete((ok, e) -> {
            if (e != null) {
                failed.increment();
                if (c.channel != null) {
                    c.channel.close();
                }
                cycle(clients, stopped);
                return;
            }
            c.channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
            c.channel.closeFuture().addListener(f -> {
                done.increment();
                cycle(clients, stopped);
            });
        });
    }
}
