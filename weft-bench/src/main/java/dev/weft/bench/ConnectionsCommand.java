package dev.weft.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Idle registered connections: opens {@code count} sockets (spread over several source addresses), registers
 * each, keeps each alive with its protocol's client heartbeat, holds them, and reports the server's resident
 * memory (and, for a JVM, its live heap after a full GC) per connection over the baseline measured before.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Memory per idle registered connection (RSS and live heap) at COUNT connections.")
final class ConnectionsCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--count", description = "Connections to open. Default: ${DEFAULT-VALUE}.")
    int count = 10_000;

    @Option(names = "--in-flight", description = "Handshakes in flight at once. Default: ${DEFAULT-VALUE}.")
    int inFlight = 256;

    @Option(names = "--hold", description = "Seconds to hold all connections before measuring. Default: ${DEFAULT-VALUE}.")
    double hold = 15;

    @Option(names = "--jvm", description = "The server is a JVM: also report its live heap (jcmd GC.run + GC.heap_info).")
    boolean jvm;

    @Override
    public Integer call() throws Exception {
        long pid = target.serverPids.isEmpty() ? -1 : target.serverPids.get(0);
        long heap0 = jvm && pid > 0 ? ProcStats.heapUsedAfterGcKib(pid) : -1;
        long rss0 = ProcStats.rssKib(target.serverPids);
        LongAdder failed = new LongAdder();
        LongAdder others = new LongAdder();
        Conn.Listener listener = new Conn.Listener() {
            @Override
            public void message(Conn c, long sentNanos) {
            }

            @Override
            public void other(Conn c, String frame) {
                others.increment();
            }
        };
        String run = Long.toString(System.nanoTime() & 0xffffffffL, 36);
        List<Conn> conns = new ArrayList<>(count);
        long t0 = System.nanoTime();
        try (Clients clients = new Clients(target.threads, target.sources)) {
            List<CompletableFuture<Conn>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Conn c = new Conn("c" + run + "x" + i, target.protocol, listener);
                conns.add(c);
                pending.add(clients.connect(target.url(i), c, clients.loop()).whenComplete((ok, e) -> {
                    if (e != null) {
                        failed.increment();
                    } else {
                        heartbeat(ok);
                    }
                }));
                if (pending.size() >= inFlight) {
                    drain(pending);
                }
            }
            drain(pending);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep((long) (hold * 1000));
            long alive = conns.stream().filter(c -> c.channel != null && c.channel.isActive()).count();
            long rss1 = ProcStats.rssKib(target.serverPids);
            long heap1 = jvm && pid > 0 ? ProcStats.heapUsedAfterGcKib(pid) : -1;
            long rss2 = ProcStats.rssKib(target.serverPids);
            Report report = new Report("connections", target).put("count", count)
                    .put("registered", count - failed.sum()).put("failed", failed.sum()).put("alive", alive)
                    .put("connect_s", connectSeconds).put("hold_s", hold).put("other_frames", others.sum())
                    .put("rss_base_kib", rss0).put("rss_kib", rss1).put("rss_after_gc_kib", rss2);
            if (alive > 0) {
                report.put("rss_b_per_conn", Math.round((rss1 - rss0) * 1024.0 / alive));
                if (heap1 >= 0 && heap0 >= 0) {
                    report.put("heap_base_kib", heap0).put("heap_kib", heap1)
                            .put("heap_b_per_conn", Math.round((heap1 - heap0) * 1024.0 / alive));
                }
            }
            report.print();
            Pairs.closeAll(conns);
            return alive > 0 ? 0 : 1;
        }
    }

    private static void drain(List<CompletableFuture<Conn>> pending) {
        for (CompletableFuture<Conn> f : pending) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted by the listener above
            }
        }
        pending.clear();
    }

    /** The protocol's client heartbeat at its real interval, started at a random phase. */
    private static void heartbeat(Conn c) {
        byte[] frame = c.protocol.heartbeat();
        long every = c.protocol.heartbeatMillis();
        if (frame == null || every <= 0) {
            return;
        }
        c.channel.eventLoop().scheduleAtFixedRate(() -> {
            if (c.channel.isActive()) {
                c.channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), c.channel.voidPromise());
            }
        }, ThreadLocalRandom.current().nextLong(every), every, TimeUnit.MILLISECONDS);
    }
}
