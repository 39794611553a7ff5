package dev.weft.bench;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Relay throughput: N pairs, each end keeping {@code window} messages in flight to the other (a new one leaves
 * when the partner receives one), as fast as the server relays them. Reports relayed messages per second and
 * the server's CPU time per message.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "Peak relay throughput: pairs send offer/candidate-sized messages to each other.")
final class RelayCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--pairs", description = "Client pairs. Default: ${DEFAULT-VALUE}.")
    int pairs = 50;

    @Option(names = "--size", description = "Bytes per client frame (200 = candidate, 2048 = offer). Default: ${DEFAULT-VALUE}.")
    int size = 200;

    @Option(names = "--window", description = "Messages in flight per sender. Default: ${DEFAULT-VALUE}.")
    int window = 8;

    @Option(names = "--warmup", description = "Seconds before measuring. Default: ${DEFAULT-VALUE}.")
    double warmup = 3;

    @Option(names = "--duration", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    double duration = 10;

    @Override
    public Integer call() throws Exception {
        Result r = run(target, pairs, size, window, warmup, duration);
        r.report.print();
        return r.messages > 0 ? 0 : 1;
    }

    record Result(long messages, double perSecond, Report report) {
    }

    static Result run(TargetOptions target, int pairs, int size, int window, double warmup, double duration)
            throws Exception {
        LongAdder received = new LongAdder();
        LongAdder others = new LongAdder();
        AtomicInteger shown = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Conn.Listener listener = new Conn.Listener() {
            @Override
            public void message(Conn c, long sentNanos) {
                received.increment();
                if (running.get()) {
                    (c.protocol.selfPartner() ? c : c.partner).write(System.nanoTime());
                }
            }

            @Override
            public void other(Conn c, String frame) {
                others.increment();
                if (shown.incrementAndGet() <= 5) {
                    System.err.println("unexpected frame at " + c.id + ": " + frame);
                }
            }
        };
        Protocol.Kind kind = size >= 1024 ? Protocol.Kind.OFFER : Protocol.Kind.CANDIDATE;
        try (Clients clients = new Clients(target.threads, target.sources)) {
            Pairs p = Pairs.open(clients, target, pairs, kind, size, listener);
            p.byLoop.forEach((loop, conns) -> loop.execute(() -> {
                for (Conn c : conns) {
                    for (int i = 0; i < window; i++) {
                        c.write(System.nanoTime());
                    }
                }
                conns.get(0).batch.flush();
            }));
            Thread.sleep((long) (warmup * 1000));
            long n0 = received.sum();
            double cpu0 = ProcStats.cpuSeconds(target.serverPids);
            double gen0 = ProcStats.cpuSeconds(List.of(ProcessHandle.current().pid()));
            long t0 = System.nanoTime();
            Thread.sleep((long) (duration * 1000));
            long n1 = received.sum();
            long t1 = System.nanoTime();
            double cpu1 = ProcStats.cpuSeconds(target.serverPids);
            double gen1 = ProcStats.cpuSeconds(List.of(ProcessHandle.current().pid()));
            running.set(false);
            long messages = n1 - n0;
            double seconds = (t1 - t0) / 1e9;
            double rate = messages / seconds;
            Report report = new Report("relay", target).put("size", p.all.get(0).payload.template.length)
                    .put("pairs", pairs).put("window", window).put("seconds", seconds).put("messages", messages)
                    .put("msg_per_s", Math.round(rate)).put("errors", others.sum());
            if (!target.serverPids.isEmpty() && messages > 0) {
                report.put("server_cpu_s", cpu1 - cpu0).put("server_us_per_msg", (cpu1 - cpu0) / messages * 1e6);
            }
            if (messages > 0) {
                report.put("gen_us_per_msg", (gen1 - gen0) / messages * 1e6);
            }
            Thread.sleep(200);
            p.close();
            return new Result(messages, rate, report);
        }
    }
}
