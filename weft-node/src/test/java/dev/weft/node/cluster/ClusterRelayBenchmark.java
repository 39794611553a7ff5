package dev.weft.node.cluster;

import dev.weft.node.testing.RedisServer;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark (a command, not a test): relay latency and throughput of native signals between two sockets on
 * one node without a cluster, on one node in a cluster, and across two nodes through Redis. Everything on
 * 127.0.0.1. Run: see docs/benchmarks-cluster.md.
 */
public final class ClusterRelayBenchmark {
    private static final int ROUND_TRIPS = 2000;
    private static final int BURST = 20000;
    private static final int WINDOW = 256;

    private ClusterRelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestNode alone = TestNode.start(b -> b.messagesPerSecond(1_000_000));
             TestNode a = clustered(redis, "bench-a");
             TestNode b = clustered(redis, "bench-b")) {
            for (int round = 1; round <= 2; round++) {
                System.out.println(round == 1 ? "warm-up round:" : "measured round:");
                run("single node, no cluster", alone, alone, "s" + round);
                run("one node of a cluster (local path)", a, a, "l" + round);
                run("across two nodes (Redis pub/sub)", a, b, "x" + round);
            }
        }
    }

    private static TestNode clustered(RedisServer redis, String name) {
        return TestNode.start(c -> c.messagesPerSecond(1_000_000).extension(ClusterSettings.class,
                new ClusterSettings(URI.create(redis.uri()), name, Duration.ofSeconds(15))));
    }

    private static void run(String label, TestNode from, TestNode to, String prefix) {
        try (WsClient sender = WsClient.connect(from.ws("/ws")); WsClient receiver = WsClient.connect(to.ws("/ws"))) {
            sender.register(prefix + "-sender", null);
            receiver.register(prefix + "-receiver", null);
            String msg = "{\"type\":\"candidate\",\"to\":\"" + prefix + "-receiver\",\"payload\":{\"candidate\":"
                    + "\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0\",\"sdpMid\":\"0\"}}";
            for (int i = 0; i < 200; i++) {
                sender.send(msg);
                receiver.nextText();
            }
            long[] rtt = new long[ROUND_TRIPS];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                long t0 = System.nanoTime();
                sender.send(msg);
                receiver.nextText();
                rtt[i] = System.nanoTime() - t0;
            }
            Arrays.sort(rtt);
            // At most WINDOW messages in flight: the node refuses relays to a receiver with 1 MiB queued
            // (PEER_UNAVAILABLE), which is backpressure, not throughput.
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            long t0 = System.nanoTime();
            Thread blaster = new Thread(() -> {
                for (int i = 0; i < BURST; i++) {
                    while (i - received.get() > WINDOW) {
                        Thread.onSpinWait();
                    }
                    sender.send(msg);
                }
            });
            blaster.start();
            for (int i = 0; i < BURST; i++) {
                receiver.nextText();
                received.incrementAndGet();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%-40s one-way p50 %.3f ms, p99 %.3f ms; %d with %d in flight: %.0f msg/s%n",
                    label, rtt[ROUND_TRIPS / 2] / 1e6, rtt[ROUND_TRIPS * 99 / 100] / 1e6, BURST, WINDOW, BURST / seconds);
        }
    }
}
