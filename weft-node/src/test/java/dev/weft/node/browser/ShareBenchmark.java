package dev.weft.node.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Page;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name keeps it out of the normal run). Run it with:
 * {@code ./mvnw -B -ntp -pl weft-node -am verify -Dtest=ShareBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 * (system properties: {@code share.bench.mb} file size, default 64; {@code share.bench.runs} rounds, default 5;
 * {@code share.bench.memoryMb}, default 1024, 0 to skip the memory run; {@code share.bench.only}, a regex: run only
 * the configurations it finds, print their medians and stop; {@code share.bench.threads}: print each run's CPU per
 * Chromium thread; {@code share.bench.diagnose}: add the file read alone and the bare loop with one of weft.js's
 * costs added).
 *
 * Between two Chromium pages on loopback, it measures: a bare RTCDataChannel loop (the ceiling), weft.js's
 * file transfer (to a discarding sink and to disk), and PeerJS 1.5.5's DataConnection against the reference
 * PeerServer 1.0.2, both from npm. Results go to stdout; docs/benchmarks-share.md records them.
 */
class ShareBenchmark {
    private static final int MB = Integer.getInteger("share.bench.mb", 64);
    private static final int RUNS = Integer.getInteger("share.bench.runs", 5);
    private static final int MEMORY_MB = Integer.getInteger("share.bench.memoryMb", 1024);
    private static final int TIMEOUT_MS = 600_000;
    private static final boolean MEMORY_ONLY = Boolean.getBoolean("share.bench.memoryOnly");
    /** Adds a weft.js run with the CDP CPU profiler on both pages; prints each page's top functions by self time. */
    private static final boolean PROFILE = Boolean.getBoolean("share.bench.profile");
    /** Runs only the configurations whose name matches this regex (for quick iterations; the summary needs them all). */
    private static final String ONLY = System.getProperty("share.bench.only", "");
    /** Prints, after each run, the Chromium threads that used the most CPU in it (per browser, process and thread name). */
    private static final boolean THREADS = Boolean.getBoolean("share.bench.threads");
    /** Adds diagnostic configurations: the file read alone, and the bare loop with one of weft.js's costs added. */
    private static final boolean DIAGNOSE = Boolean.getBoolean("share.bench.diagnose");

    /** Drops every ICE candidate that is not 127.0.0.1, for PeerJS pages (weft.js pages use weftConfig). */
    static final String PEERJS_LOOPBACK = """
            (() => {
              const ok = (c) => { const s = typeof c === 'string' ? c : c && c.candidate;
                return !s || s.split(' ')[4] === '127.0.0.1'; };
              const Native = RTCPeerConnection;
              window.RTCPeerConnection = function (...args) {
                const pc = new Native(...args);
                const add = pc.addIceCandidate.bind(pc);
                pc.addIceCandidate = (c, ...rest) => ok(c) ? add(c, ...rest) : Promise.resolve();
                let user = null;
                pc.addEventListener('icecandidate', (ev) => { if (user && (!ev.candidate || ok(ev.candidate))) user(ev); });
                Object.defineProperty(pc, 'onicecandidate', { get: () => user, set: (f) => { user = f; } });
                return pc;
              };
              window.RTCPeerConnection.prototype = Native.prototype;
            })();""";

    /** The names of the plain bare loops (the ceiling), as opposed to the diagnostic variants. */
    private static final java.util.regex.Pattern PLAIN_BARE = java.util.regex.Pattern.compile("bare DataChannel, \\d+ KiB messages");

    /** Sender side of the bare loop: `total` bytes in messages of `size`, same flow control as weft.js. */
    static final String BARE_SEND = """
            async ({total, size}) => {
              const ch = window.bare.channel; const buf = new Uint8Array(size);
              ch.bufferedAmountLowThreshold = 1 << 20;
              const low = () => new Promise((r) => ch.addEventListener('bufferedamountlow', r, { once: true }));
              for (let sent = 0; sent < total; sent += size) {
                if (ch.bufferedAmount > 4 << 20) await low();
                ch.send(sent + size <= total ? buf : buf.subarray(0, total - sent));
              }
            }""";

    @Test
    void run() throws Exception {
        Path dir = Files.createTempDirectory("share-bench");
        Path npm = Path.of(System.getProperty("java.io.tmpdir"), "weft-share-bench-npm");
        List<String> out = new ArrayList<>();
        Process peerServer = null;
        Path profile = Files.createTempDirectory("share-bench-profile");
        try (TestNode node = TestNode.start(); Chromium chromium = Chromium.launch();
                Playwright pw = Playwright.create();
                BrowserContext rxBrowser = pw.chromium().launchPersistentContext(profile,
                        new BrowserType.LaunchPersistentContextOptions().setHeadless(true)
                                .setExecutablePath(Path.of(System.getProperty("weft.chromium", "/usr/bin/chromium")))
                                .setArgs(Chromium.ARGS))) {
            rxBrowser.addInitScript(Chromium.LOOPBACK_ONLY);
            receivers = rxBrowser;
            meter = new ChromiumProcesses(profile.toString());
            long size = (long) MB << 20;
            if (MEMORY_ONLY) {
                out.addAll(memoryRun(chromium, node, dir, (long) MEMORY_MB << 20));
                System.out.println("\n=== ShareBenchmark ===");
                out.forEach(System.out::println);
                return;
            }
            Path file = writeFile(dir.resolve("bench.bin"), size);
            out.add(String.format(Locale.ROOT, "file %d MiB on disk, %d rounds; each round runs every configuration once,"
                    + " in order; MB/s with 1 MB = 10^6 bytes", MB, RUNS));

            Page sender = SharePages.sender(chromium, node.http());
            sender.getByTestId("file-input").setInputFiles(file);
            sender.waitForFunction("() => share.sender.files[0]?.sha256", null,
                    new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            Page rx = receiverPage(SharePages.link(sender), 1);
            sender.evaluate("() => share.peer.on('connection', (c) => { if (c.label === 'bare') window.bare = c; })");
            rx.evaluate("async (id) => { window.bare = await share.peer.connect(id, { label: 'bare' }); }",
                    sender.evaluate("share.peer.id"));
            sender.waitForFunction("() => window.bare && window.bare.open");

            peerServer = startPeerServer(npm, out);
            Page[] pj = peerjsPages(chromium, node, npm, peerServerPort, file, size);

            Map<String, Run> configs = new java.util.LinkedHashMap<>();
            for (int chunk : new int[] {16 << 10, 64 << 10, 256 << 10}) {
                configs.put("bare DataChannel, " + (chunk >> 10) + " KiB messages", () -> bare(sender, rx, size, chunk));
            }
            for (int chunk : new int[] {16 << 10, 64 << 10, (256 << 10) - 16}) {
                configs.put("weft.js, " + chunk + " B chunks, SHA-256, discarding sink", () -> ours(sender, rx, chunk, "discard"));
            }
            configs.put("weft.js, 65536 B chunks, SHA-256, to disk (OPFS)", () -> ours(sender, rx, 64 << 10, "opfs"));
            configs.put("weft.js, 262128 B chunks, SHA-256, to disk (OPFS)", () -> ours(sender, rx, (256 << 10) - 16, "opfs"));
            if (DIAGNOSE) {
                // what reading the shared file costs by itself (4 MiB slices, as FileSender reads it); not a transfer
                configs.put("file read only, 4 MiB slices (no DataChannel)", () -> readOnly(sender, 4 << 20));
                configs.put("file read only, 16 MiB slices (no DataChannel)", () -> readOnly(sender, 16 << 20));
                // the bare loop with one of weft.js's costs added: the sender reads the file, or the receiver hashes in the worker
                configs.put("bare DataChannel, 256 KiB messages read from the file", () -> bareVariant(sender, rx, size, true, "count"));
                configs.put("bare DataChannel, 256 KiB messages into the hashing worker", () -> bareVariant(sender, rx, size, false, "worker"));
                configs.put("bare DataChannel, 256 KiB messages hashed on the main thread", () -> bareVariant(sender, rx, size, false, "main"));
                configs.put("bare DataChannel, 256 KiB messages moved to a worker that drops them", () -> bareVariant(sender, rx, size, false, "drop"));
                // the receiving channel itself handed to a worker (a transferable RTCDataChannel): no main-thread hop
                configs.put("bare DataChannel, 256 KiB messages, channel owned by a worker that counts", () -> bareInWorker(sender, rx, size, false));
                configs.put("bare DataChannel, 256 KiB messages, channel owned by a worker that hashes", () -> bareInWorker(sender, rx, size, true));
            }
            configs.put("PeerJS 1.5.5 DataConnection, binary (default), counted", () -> peerjsRun(pj, "binary", false));
            configs.put("PeerJS 1.5.5 DataConnection, binary (default), to disk", () -> peerjsRun(pj, "binary", true));
            configs.put("PeerJS 1.5.5 DataConnection, serialization raw, counted", () -> peerjsRun(pj, "raw", false));
            // how PeerJS's documentation and most apps send a file: the whole file in one send() (PeerJS splits it)
            configs.put("PeerJS 1.5.5 DataConnection, binary, whole file in one send(), to disk", () -> peerjsRun(pj, "binary", true, true));
            if (PROFILE) {
                configs.put("weft.js, 65536 B chunks, to disk, CDP-profiled", () -> profiled(sender, rx, out));
            }

            if (!ONLY.isEmpty()) {
                configs.keySet().removeIf(k -> !java.util.regex.Pattern.compile(ONLY).matcher(k).find());
            }
            Map<String, List<Double>> mbps = new java.util.LinkedHashMap<>();
            Map<String, List<Double>> cpu = new java.util.LinkedHashMap<>();
            Map<String, List<Double>> cpuRest = new java.util.LinkedHashMap<>();
            for (int round = 0; round < RUNS; round++) {
                for (var c : configs.entrySet()) {
                    Map<String, Double> threads0 = meter.threads();
                    double cpu0 = meter.cpuSeconds();
                    double v = size / 1e6 / (c.getValue().millis() / 1000);
                    double msPerMb = (meter.cpuSeconds() - cpu0) * 1000 / (size / 1e6);
                    Map<String, Double> threads1 = meter.threads();
                    double rest = ChromiumProcesses.outsideStack(threads0, threads1) * 1000 / (size / 1e6);
                    mbps.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(v);
                    cpu.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(msPerMb);
                    cpuRest.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(rest);
                    System.out.printf(Locale.ROOT, "round %d  %-62s %6.1f MB/s  CPU %5.1f ms/MB (outside the stack %4.1f)%s%n", round, c.getKey(), v,
                            msPerMb, rest, c.getKey().startsWith("weft.js") ? "  sender waits " + lastStats : "");
                    if (THREADS) {
                        ChromiumProcesses.printThreads(threads0, threads1, size / 1e6);
                    }
                }
            }
            mbps.forEach((k, v) -> out.add(String.format(Locale.ROOT, "%-64s median %6.1f MB/s  runs %s  CPU median %5.1f ms/MB (outside the stack %4.1f)",
                    k, median(v), v.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(), median(cpu.get(k)), median(cpuRest.get(k)))));
            if (!ONLY.isEmpty()) {
                System.out.println("\n=== ShareBenchmark (subset: " + ONLY + ") ===");
                out.forEach(System.out::println);
                return;
            }
            out.add("CPU outside the stack: all Chromium CPU except the network service processes and the renderers' WebRTC_W_and_N and"
                    + " Chrome_ChildIOThread threads (the DataChannel's SCTP/DTLS/UDP path), i.e. the pages' main threads, workers and browser processes");
            double bareCpu = Math.min(median(cpu.get("bare DataChannel, 64 KiB messages")), median(cpu.get("bare DataChannel, 256 KiB messages")));
            out.add(String.format(Locale.ROOT, "CPU cost (all Chromium processes, ms per MB; load does not change it much): bare (cheaper of 64/256 KiB) %.1f;"
                    + " bare/weft.js 64 KiB to disk %.2f; bare/weft.js discarding %.2f; PeerJS binary to disk / weft.js to disk %.2f",
                    bareCpu, bareCpu / median(cpu.get("weft.js, 65536 B chunks, SHA-256, to disk (OPFS)")),
                    bareCpu / median(cpu.get("weft.js, 65536 B chunks, SHA-256, discarding sink")),
                    median(cpu.get("PeerJS 1.5.5 DataConnection, binary (default), to disk"))
                            / median(cpu.get("weft.js, 65536 B chunks, SHA-256, to disk (OPFS)"))));
            List<Double> vsBare64 = new ArrayList<>();
            List<Double> vsBare256 = new ArrayList<>();
            List<Double> vsBare = new ArrayList<>();
            List<Double> vsPeerjs = new ArrayList<>();
            List<Double> vsPeerjsRaw = new ArrayList<>();
            List<Double> vsPeerjsWhole = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                final int i = r;
                // the three plain bare loops only, not the diagnostic variants (-Dshare.bench.diagnose) that add a cost to one
                double bareBest = mbps.entrySet().stream().filter(e -> PLAIN_BARE.matcher(e.getKey()).matches())
                        .mapToDouble(e -> e.getValue().get(i)).max().orElseThrow();
                double oursDisk = mbps.get("weft.js, 65536 B chunks, SHA-256, to disk (OPFS)").get(i);
                double oursDiscard = mbps.get("weft.js, 65536 B chunks, SHA-256, discarding sink").get(i);
                vsBare.add(oursDiscard / bareBest);
                vsBare64.add(oursDiscard / mbps.get("bare DataChannel, 64 KiB messages").get(i));
                vsBare256.add(mbps.get("weft.js, 262128 B chunks, SHA-256, discarding sink").get(i) / mbps.get("bare DataChannel, 256 KiB messages").get(i));
                vsPeerjs.add(oursDisk / mbps.get("PeerJS 1.5.5 DataConnection, binary (default), to disk").get(i));
                vsPeerjsWhole.add(oursDisk / mbps.get("PeerJS 1.5.5 DataConnection, binary, whole file in one send(), to disk").get(i));
                vsPeerjsRaw.add(oursDiscard / mbps.get("PeerJS 1.5.5 DataConnection, binary (default), counted").get(i));
            }
            out.add(String.format(Locale.ROOT, "per round: weft.js 64 KiB (discarding sink) / best bare DataChannel of that round: median %.2f %s",
                    median(vsBare), fmt(vsBare)));
            out.add(String.format(Locale.ROOT, "per round, same message size: weft.js 64 KiB (discarding sink) / bare 64 KiB: median %.2f %s;"
                    + " weft.js 262128 B (discarding sink) / bare 256 KiB: median %.2f %s", median(vsBare64), fmt(vsBare64), median(vsBare256), fmt(vsBare256)));
            // The per-round ratio above divides by the larger of several noisy bare runs, which on average exceeds
            // each bare configuration's own typical speed; this one divides medians by the fastest bare median.
            String bestBare = mbps.keySet().stream().filter(k -> PLAIN_BARE.matcher(k).matches())
                    .max(java.util.Comparator.comparingDouble(k -> median(mbps.get(k)))).orElseThrow();
            double ceiling = median(mbps.get(bestBare));
            out.add(String.format(Locale.ROOT, "medians: weft.js 64 KiB (discarding sink) / the fastest bare configuration (%s, %.1f MB/s): %.2f;"
                    + " weft.js 64 KiB to disk / the same: %.2f", bestBare.substring("bare DataChannel, ".length()), ceiling,
                    median(mbps.get("weft.js, 65536 B chunks, SHA-256, discarding sink")) / ceiling,
                    median(mbps.get("weft.js, 65536 B chunks, SHA-256, to disk (OPFS)")) / ceiling));
            out.add(String.format(Locale.ROOT, "per round: weft.js 64 KiB to disk / PeerJS binary to disk: median %.2f %s", median(vsPeerjs), fmt(vsPeerjs)));
            out.add(String.format(Locale.ROOT, "per round: weft.js 64 KiB discarding sink / PeerJS binary counted: median %.2f %s", median(vsPeerjsRaw), fmt(vsPeerjsRaw)));
            out.add(String.format(Locale.ROOT, "per round: weft.js 64 KiB to disk / PeerJS binary, whole file in one send(), to disk: median %.2f %s",
                    median(vsPeerjsWhole), fmt(vsPeerjsWhole)));
            rx.close();
            Chromium.closePage(sender);
            Chromium.closePage(pj[0]);
            pj[1].close();

            if (MEMORY_MB > 0) {
                out.addAll(memoryRun(chromium, node, dir, (long) MEMORY_MB << 20));
            }
        } finally {
            if (peerServer != null) {
                peerServer.destroy();
                peerServer.waitFor(5, TimeUnit.SECONDS);
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
            deleteTree(profile);
        }
        System.out.println("\n=== ShareBenchmark ===");
        out.forEach(System.out::println);
    }

    interface Run {
        double millis() throws Exception;
    }

    private static double bare(Page sender, Page rx, long size, int chunk) {
        rx.evaluate("""
                (total) => { window.bareDone = new Promise((resolve) => { let n = 0;
                  window.bare.channel.onmessage = (ev) => { n += ev.data.byteLength; if (n >= total) resolve(Date.now()); }; }); }""",
                (double) size);
        double t0 = ((Number) sender.evaluate("() => Date.now()")).doubleValue();
        sender.evaluate(BARE_SEND, Map.of("total", (double) size, "size", chunk));
        double t1 = ((Number) rx.evaluate("() => window.bareDone")).doubleValue();
        return t1 - t0;
    }

    /**
     * The bare loop with one of weft.js's costs added. {@code receiver}: "count" (nothing), "worker" (each message into
     * weft.js's hashing worker, discardSink), "main" (SHA-256 of each message on the page's main thread), "drop" (each
     * message's buffer transferred to a worker that does nothing with it).
     */
    private static double bareVariant(Page sender, Page rx, long size, boolean fromFile, String receiver) {
        rx.evaluate("""
                async ({total, receiver}) => { const w = await import('/weft.js');
                  let sink = null;
                  if (receiver === 'worker') sink = await w.discardSink();
                  if (receiver === 'main') { const h = new w.Sha256(); sink = { write: (b) => { h.update(b); }, close: async () => h.digestHex() }; }
                  if (receiver === 'drop') { const dw = new Worker(URL.createObjectURL(new Blob(['onmessage = () => {}'], { type: 'text/javascript' })));
                    sink = { write: (b) => dw.postMessage(b.buffer, [b.buffer]), close: async () => dw.terminate() }; }
                  window.bareDone = new Promise((resolve) => { let n = 0;
                  window.bare.channel.onmessage = (ev) => { n += ev.data.byteLength; const x = sink ? sink.write(new Uint8Array(ev.data)) : null;
                    if (n >= total) (sink ? Promise.resolve(x).then(() => sink.close(null)).then(() => Date.now()) : Promise.resolve(Date.now())).then(resolve); }; }); }""",
                Map.of("total", (double) size, "receiver", receiver));
        double t0 = ((Number) sender.evaluate("() => Date.now()")).doubleValue();
        sender.evaluate("""
                async ({total, size, fromFile}) => {
                  const ch = window.bare.channel; const zeros = new Uint8Array(size); const f = share.sender.files[0].file;
                  ch.bufferedAmountLowThreshold = 1 << 20;
                  const low = () => new Promise((r) => ch.addEventListener('bufferedamountlow', r, { once: true }));
                  const read = (at) => f.slice(at, Math.min(f.size, at + (4 << 20))).arrayBuffer();
                  let next = fromFile ? read(0) : null; let buf = null; let base = 0;
                  for (let sent = 0; sent < total; sent += size) {
                    if (fromFile && sent - base >= (buf ? buf.length : 0)) { base = sent; buf = new Uint8Array(await next);
                      next = sent + buf.length < total ? read(sent + buf.length) : null; }
                    if (ch.bufferedAmount > 4 << 20) await low();
                    const n = Math.min(size, total - sent);
                    ch.send(fromFile ? buf.subarray(sent - base, sent - base + n) : zeros.subarray(0, n));
                  }
                }""", Map.of("total", (double) size, "size", 256 << 10, "fromFile", fromFile));
        double t1 = ((Number) rx.evaluate("() => window.bareDone")).doubleValue();
        return t1 - t0;
    }

    private static int rawChannelId = 1000;

    /**
     * The bare loop over a negotiated channel whose receiving end is transferred to a worker as soon as it is
     * created; the worker counts (and with {@code hashed}, SHA-256s) what arrives and reports the time.
     */
    private static double bareInWorker(Page sender, Page rx, long size, boolean hashed) {
        int id = rawChannelId++;
        rx.evaluate("""
                async ({id, total, hashed}) => {
                  const o = location.origin;
                  const src = `import { Sha256 } from '${o}/weft/transfer/sha256.js';
                    import { load } from '${o}/weft/transfer/sha256-wasm.js';
                    await load();
                    onmessage = (ev) => { const ch = ev.data.ch; ch.binaryType = 'arraybuffer'; let n = 0;
                      const h = ev.data.hashed ? new Sha256() : null;
                      ch.onmessage = (m) => { n += m.data.byteLength; if (h) h.update(new Uint8Array(m.data));
                        if (n >= ev.data.total) { if (h) h.digestHex(); postMessage(Date.now()); } };
                      postMessage('ready'); };
                    postMessage('loaded');`;
                  const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
                  let step = null;
                  w.onmessage = (ev) => step(ev.data);
                  await new Promise((r) => (step = r));
                  const ch = window.bare._link.pc.createDataChannel('w' + id, { negotiated: true, id });
                  w.postMessage({ ch, total, hashed }, [ch]);
                  await new Promise((r) => (step = r));
                  window.bareDone = new Promise((r) => (step = (t) => { w.terminate(); r(t); }));
                }""", Map.of("id", id, "total", (double) size, "hashed", hashed));
        sender.evaluate("""
                async (id) => { window.rawCh = window.bare._link.pc.createDataChannel('w' + id, { negotiated: true, id });
                  window.rawCh.binaryType = 'arraybuffer';
                  if (window.rawCh.readyState !== 'open') await new Promise((r) => (window.rawCh.onopen = r)); }""", id);
        double t0 = ((Number) sender.evaluate("() => Date.now()")).doubleValue();
        sender.evaluate(BARE_SEND.replace("window.bare.channel", "window.rawCh"), Map.of("total", (double) size, "size", 256 << 10));
        double t1 = ((Number) rx.evaluate("() => window.bareDone")).doubleValue();
        sender.evaluate("() => window.rawCh.close()");
        return t1 - t0;
    }

    private static double readOnly(Page sender, int slice) {
        return ((Number) sender.evaluate("""
                async (slice) => { const f = share.sender.files[0].file; const t0 = Date.now(); let n = 0;
                  let next = f.slice(0, Math.min(f.size, slice)).arrayBuffer();
                  for (let at = 0; at < f.size; at += slice) {
                    const buf = await next;
                    next = at + slice < f.size ? f.slice(at + slice, Math.min(f.size, at + 2 * slice)).arrayBuffer() : null;
                    n += buf.byteLength;
                  }
                  return Date.now() - t0; }""", slice)).doubleValue();
    }

    /** The sender's waits in the last weft.js run (drain: the channel's buffer; ack: the receiver's disk). */
    static String lastStats = "";

    private static double ours(Page sender, Page rx, int chunk, String sink) {
        sender.evaluate("c => { share.sender.chunkSize = c; for (const s of share.sender.sessions) s.stats = "
                + "{ drainWaits: 0, drainMs: 0, ackWaits: 0, ackMs: 0, readMs: 0 }; }", chunk);
        try {
            return oursTimed(rx, sink);
        } finally {
            lastStats = String.valueOf(sender.evaluate("() => JSON.stringify([...share.sender.sessions].map((s) => s.stats)"
                    + ".find((x) => x.drainWaits + x.ackWaits > 0), (k, v) => typeof v === 'number' ? Math.round(v) : v)"));
        }
    }

    private static double oursTimed(Page rx, String sink) {
        return ((Number) rx.evaluate("""
                async (sink) => {
                  const w = await import('/weft.js');
                  const o = sink === 'discard' ? { sink: await w.discardSink() } : {};
                  const t0 = Date.now();
                  const t = share.receiver.download(0, o);
                  await t.done;
                  return Date.now() - t0;
                }""", sink)).doubleValue();
    }

    /** One weft.js run (64 KiB, to disk) with the CDP profiler on both pages' main threads. */
    private static double profiled(Page sender, Page rx, List<String> out) {
        List<CDPSession> cdps = List.of(sender.context().newCDPSession(sender), rx.context().newCDPSession(rx));
        for (CDPSession c : cdps) {
            c.send("Profiler.enable");
            c.send("Profiler.setSamplingInterval", jsonOf("interval", 200));
            c.send("Profiler.start");
        }
        double ms = ours(sender, rx, 64 << 10, "opfs");
        String[] who = {"sender", "receiver"};
        for (int i = 0; i < 2; i++) {
            JsonObject profile = cdps.get(i).send("Profiler.stop").getAsJsonObject("profile");
            out.add(String.format(Locale.ROOT, "CDP profile, %s page main thread, one weft.js 64 KiB run to disk (%.0f ms):", who[i], ms));
            out.addAll(topSelf(profile, 10));
            cdps.get(i).detach();
        }
        return ms;
    }

    private static JsonObject jsonOf(String k, int v) {
        JsonObject o = new JsonObject();
        o.addProperty(k, v);
        return o;
    }

    /** The functions with the most self time in a CDP Profiler profile. */
    static List<String> topSelf(JsonObject profile, int n) {
        Map<Integer, String> names = new java.util.HashMap<>();
        for (JsonElement e : profile.getAsJsonArray("nodes")) {
            JsonObject node = e.getAsJsonObject();
            JsonObject f = node.getAsJsonObject("callFrame");
            String url = f.get("url").getAsString();
            names.put(node.get("id").getAsInt(), (f.get("functionName").getAsString().isEmpty() ? "(anonymous)" : f.get("functionName").getAsString())
                    + (url.isEmpty() ? "" : " " + url.substring(url.lastIndexOf('/', url.lastIndexOf('/') - 1) + 1) + ":" + (f.get("lineNumber").getAsInt() + 1)));
        }
        Map<String, Double> self = new java.util.HashMap<>();
        JsonArray samples = profile.getAsJsonArray("samples");
        JsonArray deltas = profile.getAsJsonArray("timeDeltas");
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            double us = i < deltas.size() ? deltas.get(i).getAsDouble() : 0;
            self.merge(names.get(samples.get(i).getAsInt()), us, Double::sum);
            total += us;
        }
        final double all = total;
        return self.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "  %7.0f ms %5.1f%%  %s", e.getValue() / 1000, 100 * e.getValue() / all, e.getKey()))
                .toList();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static List<String> fmt(List<Double> v) {
        return v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
    }

    private static int peerServerPort;
    /** The receivers' browser: a second Chromium with a persistent profile, so OPFS is on disk (an
     *  off-the-record context, like Playwright's default, keeps its file system in the browser's memory). */
    private static BrowserContext receivers;
    /** CPU and memory of both browsers' processes. */
    private static ChromiumProcesses meter;

    private static Page receiverPage(String link, int files) {
        Page p = receivers.newPage();
        p.navigate(link);
        SharePages.waitRows(p, files);
        return p;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Process startPeerServer(Path npm, List<String> out) throws Exception {
        if (!Files.exists(npm.resolve("node_modules/peer/dist/bin/peerjs.js"))
                || !Files.exists(npm.resolve("node_modules/peerjs/dist/peerjs.min.js"))) {
            Files.createDirectories(npm);
            Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", npm.toString(),
                    "peer@1.0.2", "peerjs@1.5.5").inheritIO().start();
            if (!install.waitFor(300, TimeUnit.SECONDS) || install.exitValue() != 0) {
                throw new IllegalStateException("npm install peer@1.0.2 peerjs@1.5.5 failed");
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            peerServerPort = s.getLocalPort();
        }
        Process p = new ProcessBuilder("node", npm.resolve("node_modules/peer/dist/bin/peerjs.js").toString(),
                "--port", String.valueOf(peerServerPort), "--host", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.currentTimeMillis() + 15000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", peerServerPort)) {
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    p.destroy();
                    throw new IllegalStateException("PeerServer did not start", e);
                }
                Thread.sleep(100);
            }
        }
        out.add("PeerServer 1.0.2 (npm) on 127.0.0.1:" + peerServerPort + ", pid " + p.pid());
        return p;
    }

    /** Two PeerJS peers (sender in the first browser, receiver in the second), one connection per serialization. */
    private static Page[] peerjsPages(Chromium chromium, TestNode node, Path npm, int port, Path file, long size) {
        Page a = chromium.page(node.http() + "/");
        Page b = receivers.newPage();
        b.navigate(node.http() + "/");
        for (Page p : List.of(a, b)) {
            p.addScriptTag(new Page.AddScriptTagOptions().setContent(PEERJS_LOOPBACK));
            p.addScriptTag(new Page.AddScriptTagOptions().setPath(npm.resolve("node_modules/peerjs/dist/peerjs.min.js")));
        }
        String open = """
                (o) => new Promise((resolve, reject) => {
                  window.pj = new peerjs.Peer(o.id, { host: '127.0.0.1', port: o.port, path: '/', secure: false,
                    config: { iceServers: [] } });
                  pj.on('open', resolve); pj.on('error', (e) => reject(String(e)));
                })""";
        String ids = "pj" + System.nanoTime();
        b.evaluate(open, Map.of("id", ids + "b", "port", port));
        b.evaluate("""
                (total) => { window.runs = {}; pj.on('connection', (c) => {
                  c.on('data', (d) => { const r = runs[c.serialization]; if (!r) return; r.n += d.byteLength;
                    if (r.sink) r.writes = r.sink.write(new Uint8Array(d));
                    if (r.n >= total) (r.sink ? r.writes.then(() => r.sink.close()) : Promise.resolve()).then(() => r.resolve(Date.now())); }); }); }""",
                (double) size);
        a.evaluate(open, Map.of("id", ids + "a", "port", port));
        a.getByTestId("apps").evaluate("(el) => { const i = document.createElement('input'); i.type = 'file'; i.id = 'f'; el.append(i); }");
        a.locator("#f").setInputFiles(file);
        a.evaluate("""
                (to) => Promise.all(['binary', 'raw'].map((ser) => new Promise((resolve, reject) => {
                  window.conns = window.conns || {};
                  const c = conns[ser] = pj.connect(to, { reliable: true, serialization: ser });
                  c.on('open', resolve); c.on('error', (e) => reject(String(e)));
                })))""", ids + "b");
        return new Page[] {a, b};
    }

    /** One PeerJS transfer: the file read in 4 MiB slices and handed to conn.send in 64 KiB pieces. */
    private static double peerjsRun(Page[] pj, String serialization, boolean toDisk) {
        return peerjsRun(pj, serialization, toDisk, false);
    }

    /** {@code whole}: the file read whole and handed to one {@code conn.send}, instead of 64 KiB pieces. */
    private static double peerjsRun(Page[] pj, String serialization, boolean toDisk, boolean whole) {
        // To disk: the same sink weft.js's receiver uses by default (a worker that hashes and writes to OPFS).
        pj[1].evaluate("""
                async ({ser, disk, size}) => { const sink = disk ? await (await import('/weft.js')).opfsSink('peerjs-' + ser, size) : null;
                  window.done = new Promise((resolve) => { runs[ser] = { n: 0, resolve, sink }; }); }""",
                Map.of("ser", serialization, "disk", toDisk, "size", (double) ((long) MB << 20)));
        double t0 = ((Number) pj[0].evaluate("""
                async ({ser, whole}) => {
                  const conn = conns[ser]; const f = document.getElementById('f').files[0]; const t0 = Date.now();
                  if (whole) { conn.send(await f.arrayBuffer()); return t0; }
                  for (let at = 0; at < f.size; at += 4 << 20) {
                    const buf = await f.slice(at, Math.min(f.size, at + (4 << 20))).arrayBuffer();
                    for (let p = 0; p < buf.byteLength; p += 65536) conn.send(buf.slice(p, Math.min(buf.byteLength, p + 65536)));
                  }
                  return t0;
                }""", Map.of("ser", serialization, "whole", whole))).doubleValue();
        double t1 = ((Number) pj[1].evaluate("() => window.done")).doubleValue();
        pj[1].evaluate("(ser) => { delete runs[ser]; }", serialization);
        return t1 - t0;
    }

    /** A big file streams to the receiver's disk; the receiver's heap and the browser's memory are sampled. */
    private static List<String> memoryRun(Chromium chromium, TestNode node, Path dir, long size) throws Exception {
        Path file = writeFile(dir.resolve("memory.bin"), size);
        Page sender = SharePages.sender(chromium, node.http());
        sender.getByTestId("file-input").setInputFiles(file);
        sender.waitForFunction("() => share.sender.files[0]?.sha256", null,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
        Page rx = receiverPage(SharePages.link(sender), 1);
        CDPSession cdp = rx.context().newCDPSession(rx);
        cdp.send("Performance.enable");
        List<String> lines = new ArrayList<>();
        double heapMin = Double.MAX_VALUE;
        double heapMax = 0;
        long rssMin = Long.MAX_VALUE;
        long rssMax = 0;
        Map<String, long[]> perProcess = new java.util.TreeMap<>();
        List<String> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        rx.evaluate("""
                (discard) => { const sink = { write: async () => {}, close: async () => null, abort: async () => {} };
                  window.big = share.receiver.download(0, discard ? { sink } : {}); }""",
                Boolean.getBoolean("share.bench.memoryDiscard"));
        while (true) {
            String state = (String) rx.evaluate("() => window.big.state");
            double received = ((Number) rx.evaluate("() => window.big.received")).doubleValue();
            double heap = heapUsed(cdp);
            long rss = meter.receiverRss();
            for (var e : meter.memory().entrySet()) {
                long[] mm = perProcess.computeIfAbsent(e.getKey(), k -> new long[] {Long.MAX_VALUE, 0, Long.MAX_VALUE, 0});
                mm[0] = Math.min(mm[0], e.getValue()[0]);
                mm[1] = Math.max(mm[1], e.getValue()[0]);
                mm[2] = Math.min(mm[2], e.getValue()[1]);
                mm[3] = Math.max(mm[3], e.getValue()[1]);
            }
            heapMin = Math.min(heapMin, heap);
            heapMax = Math.max(heapMax, heap);
            rssMin = Math.min(rssMin, rss);
            rssMax = Math.max(rssMax, rss);
            samples.add(String.format(Locale.ROOT, "%.0f MiB: heap %.1f MiB, receiver browser RSS %d MiB",
                    received / (1 << 20), heap / (1 << 20), rss >> 20));
            if (!state.equals("receiving") && !state.equals("queued") && !state.equals("verifying")) {
                lines.add("memory run: " + (size >> 20) + " MiB to OPFS, final state " + state + " in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                break;
            }
            Thread.sleep(1000);
        }
        lines.add(String.format(Locale.ROOT, "receiver JSHeapUsedSize min %.1f MiB max %.1f MiB; the receiver's browser (all its processes) RSS min %d MiB max %d MiB",
                heapMin / (1 << 20), heapMax / (1 << 20), rssMin >> 20, rssMax >> 20));
        perProcess.forEach((k, mm) -> lines.add(String.format(Locale.ROOT,
                "  %-40s RssAnon min %4d max %4d MiB, RssFile min %4d max %4d MiB", k, mm[0] >> 20, mm[1] >> 20, mm[2] >> 20, mm[3] >> 20)));
        lines.add("samples (every 1 s): " + String.join("; ", samples));
        rx.close();
        Chromium.closePage(sender);
        return lines;
    }

    private static double heapUsed(CDPSession cdp) {
        JsonObject r = cdp.send("Performance.getMetrics");
        JsonArray metrics = r.getAsJsonArray("metrics");
        for (JsonElement m : metrics) {
            JsonObject o = m.getAsJsonObject();
            if (o.get("name").getAsString().equals("JSHeapUsedSize")) {
                return o.get("value").getAsDouble();
            }
        }
        return -1;
    }

    private static Path writeFile(Path p, long size) throws IOException {
        byte[] block = SharePages.xorshift(1 << 20, 99);
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long at = 0; at < size; at += block.length) {
                block[0]++; // no two MiB alike
                out.write(block, 0, (int) Math.min(block.length, size - at));
            }
        }
        return p;
    }
}
