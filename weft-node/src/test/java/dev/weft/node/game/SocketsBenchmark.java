package dev.weft.node.game;

import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (a command, not a test; run with scripts/bench-game.sh): 100-byte datagrams between two Chromium
 * pages on loopback, through weft.js's socket API and through a bare unreliable DataChannel on the same
 * RTCPeerConnection. Measures delivered datagrams per second (sender paced by the channel's bufferedAmount,
 * the same gate for both) and round-trip time (one datagram in flight, echoed by the other page), p50/p99.
 * Results: docs/benchmarks-game.md.
 *
 * <p>Arguments: {@code [seconds per throughput run, default 3] [round trips per run, default 3000] [rounds, default 3]}.
 */
public final class SocketsBenchmark {
    /** Sets up both faces in a page: window.bench with send/echo/count helpers. */
    static final String SETUP = """
            async ({id}) => {
              const w = await import('/weft.js');
              const peer = await w.sockets.init({ id });
              const s = w.sockets;
              const fd = s.socket();
              s.bind(fd, 4000);
              const bench = window.bench = { received: 0, echo: false, bare: null, s, fd, peer };
              const onDatagram = (data, address, port) => {
                bench.received++;
                if (bench.echo) s.sendto(fd, data, address, port);
                else if (bench.onReply) bench.onReply();
              };
              s.recvCallback(() => { for (let d; (d = s.recvfrom(fd)) !== -1;) onDatagram(d.data, d.address, d.port); });
              const wire = (ch) => {
                bench.bare = ch;
                ch.binaryType = 'arraybuffer';
                ch.onmessage = (ev) => {
                  bench.received++;
                  if (bench.echo) ch.send(ev.data);
                  else if (bench.onReply) bench.onReply();
                };
              };
              peer.on('connection', (c) => { if (c.label === 'bare') wire(c.channel); });
              bench.connectBare = async (to) => wire((await peer.connect(to, { reliable: false, label: 'bare' })).channel);
              return peer.id;
            }""";

    /** Runs one throughput or RTT measurement in the sending page. */
    static final String RUN = """
            async ({mode, face, to, seconds, count}) => {
              const s = bench.s, fd = bench.fd;
              const payload = new Uint8Array(100).fill(7);
              const addr = s.resolve(to);
              // the same gate for both faces: the RTCDataChannel's bufferedAmount
              const channel = face === 'bare' ? bench.bare : s.current().link(to).channel.connection.channel;
              const send = face === 'bare' ? () => channel.send(payload) : () => s.sendto(fd, payload, addr, 4000);
              const buffered = () => channel.bufferedAmount;
              const mc = new MessageChannel();
              const yieldNow = () => new Promise((r) => { mc.port1.onmessage = r; mc.port2.postMessage(0); });
              if (mode === 'rate') {
                let sent = 0;
                const t0 = performance.now();
                const end = t0 + seconds * 1000;
                while (performance.now() < end) {
                  for (let i = 0; i < 64 && buffered() < 256 * 1024; i++) { send(); sent++; }
                  await yieldNow();
                }
                return { sent, ms: performance.now() - t0 };
              }
              const rtts = [];
              for (let i = 0; i < count; i++) {
                const t0 = performance.now();
                await new Promise((resolve) => { bench.onReply = resolve; send(); setTimeout(resolve, 1000); });
                rtts.push(performance.now() - t0);
              }
              bench.onReply = null;
              rtts.sort((a, b) => a - b);
              const q = (p) => rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))];
              return { p50: q(0.5), p99: q(0.99), max: rtts[rtts.length - 1], n: rtts.length };
            }""";

    private SocketsBenchmark() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (TestNode node = TestNode.start(); Chromium chromium = Chromium.launch()) {
            Page a = chromium.page(node.http() + "/");
            Page b = chromium.page(node.http() + "/");
            a.evaluate(SETUP, Map.of("id", "bench-a"));
            b.evaluate(SETUP, Map.of("id", "bench-b"));
            a.evaluate("bench.connectBare('bench-b')");
            b.waitForFunction("bench.bare !== null");
            // open the socket API's channel (lazy) and warm both up
            a.evaluate("async () => { bench.s.sendto(bench.fd, 'warm', bench.s.resolve('bench-b'), 4000);"
                    + " while (bench.s.current().linkState('bench-b') !== 'ready') await new Promise(r => setTimeout(r, 10)); }");
            List<String> lines = new ArrayList<>();
            lines.add("| round | face | sent/s | delivered/s | delivered % | RTT p50 ms | RTT p99 ms | RTT max ms |");
            lines.add("|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (String face : List.of("bare", "sockets")) {
                    b.evaluate("bench.echo = false; bench.received = 0");
                    Map<?, ?> rate = (Map<?, ?>) a.evaluate(RUN, Map.of("mode", "rate", "face", face, "to", "bench-b",
                            "seconds", seconds, "count", 0));
                    a.waitForTimeout(500);
                    double ms = ((Number) rate.get("ms")).doubleValue();
                    double sent = ((Number) rate.get("sent")).doubleValue();
                    double got = ((Number) b.evaluate("bench.received")).doubleValue();
                    b.evaluate("bench.echo = true");
                    Map<?, ?> rtt = (Map<?, ?>) a.evaluate(RUN, Map.of("mode", "rtt", "face", face, "to", "bench-b",
                            "seconds", 0, "count", count));
                    lines.add(String.format("| %d | %s | %.0f | %.0f | %.1f | %.3f | %.3f | %.3f |", round, face,
                            sent * 1000 / ms, got * 1000 / ms, 100 * got / sent,
                            ((Number) rtt.get("p50")).doubleValue(), ((Number) rtt.get("p99")).doubleValue(),
                            ((Number) rtt.get("max")).doubleValue()));
                    System.out.println(lines.get(lines.size() - 1));
                }
            }
            System.out.println();
            System.out.println("100-byte datagrams, " + seconds + " s per rate run, " + count + " round trips per RTT run, "
                    + a.evaluate("navigator.userAgent"));
            lines.forEach(System.out::println);
        }
    }
}
