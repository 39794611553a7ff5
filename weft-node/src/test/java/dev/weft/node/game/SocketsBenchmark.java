package dev.weft.node.game;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
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
 * <p>Arguments: {@code [slice ms, default 250] [slices, default 120] [round trips per RTT run, default 1000]
 * [RTT rounds, default 6]}. The faces alternate in short slices and the summary takes medians, so a load that
 * drifts during the run (the machine is shared) does not favour either.
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
              const bench = window.bench = { received: 0, receivedSockets: 0, receivedBare: 0, bytes: 0, echo: false, bare: null, s, fd, peer };
              // both receivers take each message's bytes, as any application does (reading a MessageEvent's
              // data is where Chromium makes the ArrayBuffer: a receiver that never reads it does less work)
              const onDatagram = (data, address, port) => {
                bench.bytes += data.byteLength;
                bench.received++;
                bench.receivedSockets++;
                if (bench.echo) s.sendto(fd, data, address, port);
                else if (bench.onReply) bench.onReply();
              };
              s.recvCallback(() => { for (let d; (d = s.recvfrom(fd)) !== -1;) onDatagram(d.data, d.address, d.port); });
              const wire = (ch) => {
                bench.bare = ch;
                ch.binaryType = 'arraybuffer';
                ch.onmessage = (ev) => {
                  const data = ev.data;
                  bench.bytes += data.byteLength;
                  bench.received++;
                  bench.receivedBare++;
                  if (bench.echo) ch.send(data);
                  else if (bench.onReply) bench.onReply();
                };
              };
              peer.on('connection', (c) => { if (c.label === 'bare') wire(c.channel); });
              bench.connectBare = async (to) => wire((await peer.connect(to, { reliable: false, label: 'bare' })).channel);
              return peer.id;
            }""";

    /**
     * Runs in the sending page. "rate": `slices` slices of `sliceMs`, alternating bare and sockets, each sending
     * as fast as the channel's bufferedAmount (< 256 KiB, the same gate for both) allows; returns the datagrams
     * sent per slice for each face. "rtt": `count` round trips (one datagram in flight, echoed) on one face.
     */
    static final String RUN = """
            async ({mode, face, to, sliceMs, slices, count, only}) => {
              const s = bench.s, fd = bench.fd;
              const payload = new Uint8Array(100).fill(7);
              const addr = s.resolve(to);
              const sockCh = s.current().link(to).channel.connection.channel;
              const faces = {
                bare: { send: () => bench.bare.send(payload), ch: bench.bare },
                sockets: { send: () => s.sendto(fd, payload, addr, 4000), ch: sockCh },
              };
              const mc = new MessageChannel();
              const yieldNow = () => new Promise((r) => { mc.port1.onmessage = r; mc.port2.postMessage(0); });
              if (mode === 'rate') {
                const out = { bare: [], sockets: [], sentBare: 0, sentSockets: 0 };
                // 4 warm-up slices (2 per face, not recorded: the JIT and SCTP's congestion window settle), then the run
                for (let i = -4; i < slices; i++) {
                  const name = only || ((i & 1) === 0 ? 'bare' : 'sockets');
                  const { send, ch } = faces[name];
                  // both channels share one SCTP association: start each slice with both buffers empty
                  while (bench.bare.bufferedAmount > 0 || sockCh.bufferedAmount > 0) await yieldNow();
                  let sent = 0;
                  const t0 = performance.now();
                  const end = t0 + sliceMs;
                  while (performance.now() < end) {
                    for (let k = 0; k < 64 && ch.bufferedAmount < 256 * 1024; k++) { send(); sent++; }
                    await yieldNow();
                  }
                  // every datagram sent counts for the delivered share (the receiver counts warm-ups too)
                  if (name === 'bare') out.sentBare += sent; else out.sentSockets += sent;
                  if (i >= 0) out[name].push(sent * 1000 / (performance.now() - t0));
                }
                return out;
              }
              const { send } = faces[face];
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
        int sliceMs = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int rttRounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
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
            drained(b);
            b.evaluate("bench.echo = false; bench.received = 0; bench.receivedBare = 0; bench.receivedSockets = 0");
            if (System.getProperty("weft.bench.cpu") != null) {
                cpu(a, b, sliceMs, slices, Integer.getInteger("weft.bench.cpu.rounds", 6));
                return;
            }
            String profileDir = System.getProperty("weft.bench.profile");
            if (profileDir != null) {
                profile(a, b, java.nio.file.Path.of(profileDir), sliceMs, slices);
                return;
            }
            Map<?, ?> rate = (Map<?, ?>) a.evaluate(RUN, Map.of("mode", "rate", "face", "", "to", "bench-b",
                    "sliceMs", sliceMs, "slices", slices, "count", 0));
            drained(b);
            double bareRate = median((List<?>) rate.get("bare"));
            double sockRate = median((List<?>) rate.get("sockets"));
            double bareDelivered = 100 * ((Number) b.evaluate("bench.receivedBare")).doubleValue()
                    / ((Number) rate.get("sentBare")).doubleValue();
            double sockDelivered = 100 * ((Number) b.evaluate("bench.receivedSockets")).doubleValue()
                    / ((Number) rate.get("sentSockets")).doubleValue();

            b.evaluate("bench.echo = true");
            Map<String, List<Double>> p50 = new java.util.HashMap<>();
            Map<String, List<Double>> p99 = new java.util.HashMap<>();
            List<String> lines = new ArrayList<>();
            lines.add("| round | face | RTT p50 ms | RTT p99 ms | RTT max ms |");
            lines.add("|---|---|---|---|---|");
            for (int round = 1; round <= rttRounds; round++) {
                for (String face : round % 2 == 1 ? List.of("bare", "sockets") : List.of("sockets", "bare")) {
                    Map<?, ?> rtt = (Map<?, ?>) a.evaluate(RUN, Map.of("mode", "rtt", "face", face, "to", "bench-b",
                            "sliceMs", 0, "slices", 0, "count", count));
                    p50.computeIfAbsent(face, f -> new ArrayList<>()).add(((Number) rtt.get("p50")).doubleValue());
                    p99.computeIfAbsent(face, f -> new ArrayList<>()).add(((Number) rtt.get("p99")).doubleValue());
                    lines.add(String.format("| %d | %s | %.3f | %.3f | %.3f |", round, face,
                            ((Number) rtt.get("p50")).doubleValue(), ((Number) rtt.get("p99")).doubleValue(),
                            ((Number) rtt.get("max")).doubleValue()));
                }
            }
            System.out.println();
            System.out.println("100-byte datagrams; rate: " + slices + " alternating slices of " + sliceMs
                    + " ms; RTT: " + rttRounds + " rounds of " + count + " round trips per face; "
                    + a.evaluate("navigator.userAgent"));
            System.out.println();
            System.out.println("| face | median datagrams/s (per slice) | delivered % | median RTT p50 ms | median RTT p99 ms |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| bare DataChannel | %.0f | %.1f | %.3f | %.3f |%n", bareRate, bareDelivered,
                    median(p50.get("bare")), median(p99.get("bare")));
            System.out.printf("| socket API | %.0f | %.1f | %.3f | %.3f |%n", sockRate, sockDelivered,
                    median(p50.get("sockets")), median(p99.get("sockets")));
            // each sockets slice against the bare slice just before it: both saw nearly the same machine load
            List<Double> ratios = new ArrayList<>();
            List<?> bare = (List<?>) rate.get("bare");
            List<?> sock = (List<?>) rate.get("sockets");
            for (int i = 0; i < Math.min(bare.size(), sock.size()); i++) {
                ratios.add(((Number) sock.get(i)).doubleValue() / ((Number) bare.get(i)).doubleValue());
            }
            // each sockets slice against the mean of the bare slices on either side: cancels a load that drifts
            List<Double> bracketed = new ArrayList<>();
            for (int i = 0; i + 1 < bare.size() && i < sock.size(); i++) {
                double around = (((Number) bare.get(i)).doubleValue() + ((Number) bare.get(i + 1)).doubleValue()) / 2;
                bracketed.add(((Number) sock.get(i)).doubleValue() / around);
            }
            System.out.printf("%nsockets/bare rate: %.1f%% of medians, %.1f%% median of paired slices, %.1f%% median"
                    + " against the bare slices on either side (target >= 90%%); added RTT p99: %.3f ms (target < 1 ms)%n",
                    100 * sockRate / bareRate, 100 * median(ratios), 100 * median(bracketed),
                    median(p99.get("sockets")) - median(p99.get("bare")));
            System.out.println();
            System.out.println("per-slice datagrams/s, bare: " + rate.get("bare"));
            System.out.println("per-slice datagrams/s, sockets: " + rate.get("sockets"));
            System.out.println();
            lines.forEach(System.out::println);
        }
    }

    /**
     * CPU profiles (CDP Profiler, 100 us sampling) of both pages while one face runs alone for `slices` slices,
     * for each face in turn: {dir}/{face}-{sender,receiver}.cpuprofile; summarise with scripts/profile-summary.mjs.
     */
    private static void profile(Page a, Page b, java.nio.file.Path dir, int sliceMs, int slices) {
        try {
            java.nio.file.Files.createDirectories(dir);
            for (String face : List.of("bare", "sockets", "bare", "sockets")) {
                CDPSession ca = a.context().newCDPSession(a);
                CDPSession cb = b.context().newCDPSession(b);
                for (CDPSession c : List.of(ca, cb)) {
                    c.send("Profiler.enable");
                    JsonObject interval = new JsonObject();
                    interval.addProperty("interval", 100);
                    c.send("Profiler.setSamplingInterval", interval);
                    c.send("Profiler.start");
                }
                b.evaluate("bench.received = 0");
                Map<?, ?> rate = (Map<?, ?>) a.evaluate(RUN, Map.of("mode", "rate", "face", "", "to", "bench-b",
                        "sliceMs", sliceMs, "slices", slices, "count", 0, "only", face));
                JsonObject pa = ca.send("Profiler.stop");
                JsonObject pb = cb.send("Profiler.stop");
                double received = drained(b);
                java.nio.file.Files.writeString(dir.resolve(face + "-sender.cpuprofile"), pa.get("profile").toString());
                java.nio.file.Files.writeString(dir.resolve(face + "-receiver.cpuprofile"), pb.get("profile").toString());
                List<?> sent = (List<?>) rate.get(face);
                double sentAll = ((Number) rate.get("bare".equals(face) ? "sentBare" : "sentSockets")).doubleValue();
                System.out.printf("%s alone: median %.0f datagrams/s sent per slice; per datagram, JS + Web API"
                        + " calls + GC: sender %.2f us, receiver %.2f us; of which the socket layer's stack, links,"
                        + " header and API (/weft/sockets/ but peer-transport.js, whose onmessage reads"
                        + " MessageEvent.data as the bare receiver does): sender %.3f us, receiver %.3f us"
                        + " (%.0f sent, %.0f received)%n", face,
                        median(sent), 1000 * scriptMs(pa.getAsJsonObject("profile"), "") / sentAll,
                        1000 * scriptMs(pb.getAsJsonObject("profile"), "") / received,
                        1000 * scriptMs(pa.getAsJsonObject("profile"), "/weft/sockets/") / sentAll,
                        1000 * scriptMs(pb.getAsJsonObject("profile"), "/weft/sockets/") / received, sentAll, received);
                ca.detach();
                cb.detach();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * CPU time (user + system, all of Chromium's processes started by this benchmark: browser, renderers, GPU,
     * network) per datagram delivered, for each face alone: `rounds` rounds of bare then sockets (sockets then
     * bare in even rounds), each `slices` slices. CPU time does not grow when the machine is busy (waiting for a
     * core costs none), so this ratio holds still under load where rates swing.
     */
    private static void cpu(Page a, Page b, int sliceMs, int slices, int rounds) {
        Map<String, List<Double>> perDatagram = new java.util.HashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String face : round % 2 == 1 ? List.of("bare", "sockets") : List.of("sockets", "bare")) {
                b.evaluate("bench.received = 0");
                double before = chromiumCpuMs();
                a.evaluate(RUN, Map.of("mode", "rate", "face", "", "to", "bench-b", "sliceMs", sliceMs, "slices", slices,
                        "count", 0, "only", face));
                double received = drained(b);
                // drained() idles 300 ms at least twice: the idle pages' CPU in that time is counted for both faces
                double ms = chromiumCpuMs() - before;
                double us = 1000 * ms / received;
                perDatagram.computeIfAbsent(face, f -> new ArrayList<>()).add(us);
                System.out.printf("round %d %s: %.0f datagrams, %.0f ms CPU, %.2f us CPU per datagram%n", round, face,
                        received, ms, us);
            }
        }
        double bare = median(perDatagram.get("bare"));
        double sockets = median(perDatagram.get("sockets"));
        System.out.printf("%nChromium CPU per datagram (median of %d rounds): bare %.2f us, sockets %.2f us;"
                + " sockets/bare rate at equal CPU: %.1f%% (target >= 90%%)%n", rounds, bare, sockets, 100 * bare / sockets);
    }

    /** User + system CPU ms of every live process this JVM started (Playwright's driver and Chromium). */
    private static double chromiumCpuMs() {
        long ticks = ProcessHandle.current().descendants().mapToLong(ph -> {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + ph.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15 of proc(5))
            } catch (java.io.IOException | RuntimeException e) {
                return 0; // exited meanwhile
            }
        }).sum();
        return ticks * 10.0; // USER_HZ = 100 on Linux
    }

    /**
     * Milliseconds of a CPU profile's samples (self time) in JavaScript functions, the Web API calls they make
     * (RTCDataChannel.send, MessageEvent.data, ...) and the garbage collector: not "(idle)", nor "(program)"
     * (Chromium's native work outside JavaScript). With {@code urlPart} non-empty, only functions of scripts
     * whose URL contains it.
     */
    private static double scriptMs(JsonObject profile, String urlPart) {
        java.util.Set<Integer> counted = new java.util.HashSet<>();
        for (var n : profile.getAsJsonArray("nodes")) {
            JsonObject node = n.getAsJsonObject();
            JsonObject frame = node.getAsJsonObject("callFrame");
            String name = frame.get("functionName").getAsString();
            boolean native_ = "(idle)".equals(name) || "(program)".equals(name) || "(root)".equals(name);
            String url = frame.get("url").getAsString();
            boolean excluded = !urlPart.isEmpty() && url.endsWith("/peer-transport.js");
            if (!native_ && !excluded && url.contains(urlPart)) {
                counted.add(node.get("id").getAsInt());
            }
        }
        var samples = profile.getAsJsonArray("samples");
        var deltas = profile.getAsJsonArray("timeDeltas");
        double us = 0;
        for (int i = 0; i < samples.size() - 1; i++) {
            if (counted.contains(samples.get(i).getAsInt())) {
                us += deltas.get(i + 1).getAsDouble();
            }
        }
        return us / 1000;
    }

    /** B's count once nothing more arrives for 300 ms (what was sent in the window and is still on its way counts). */
    private static double drained(Page b) {
        double last = -1;
        for (int i = 0; i < 100; i++) {
            b.waitForTimeout(300);
            double now = ((Number) b.evaluate("bench.received")).doubleValue();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static double median(List<?> values) {
        double[] v = values.stream().mapToDouble(x -> ((Number) x).doubleValue()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
