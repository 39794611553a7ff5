package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** weft.js in real Chromium against a real node: registration, connect, data, glare, errors, calls. */
class WeftJsBrowserTest {
    /** Opens a Peer in the page and records what it receives into window.log. */
    static final String OPEN = """
            async ({id, server}) => {
              const w = await import('/weft.js');
              window.w = w;
              window.log = { data: [], conns: [], events: [], calls: [] };
              try {
                const opts = id ? { id } : {};
                if (server) opts.server = server;
                const peer = await w.Peer.open(opts);
                window.peer = peer;
                for (const ev of ['disconnected', 'reconnected', 'close']) peer.on(ev, () => log.events.push(ev));
                peer.on('error', (e) => log.events.push('error:' + e.code));
                peer.on('connection', (c) => {
                  log.conns.push({ peer: c.peer, label: c.label, metadata: c.metadata });
                  window.incoming = c;
                  c.on('data', (d) => log.data.push(typeof d === 'string' ? d : { bytes: d.byteLength, sum: sum(d) }));
                });
                return { id: peer.id };
              } catch (e) {
                return { code: e.code, message: e.message };
              }
              function sum(buf) { let s = 0; for (const b of new Uint8Array(buf)) s = (s + b) % 1000003; return s; }
            }""";

    static final String CONNECT = """
            async ({to, options}) => {
              const t0 = performance.now();
              try {
                const c = await peer.connect(to, options || {});
                window.outgoing = c;
                c.on('data', (d) => log.data.push(typeof d === 'string' ? d : { bytes: d.byteLength }));
                return { ok: true, ms: performance.now() - t0, ordered: c.channel.ordered,
                         maxRetransmits: c.channel.maxRetransmits };
              } catch (e) {
                return { ok: false, code: e.code, message: e.message, ms: performance.now() - t0 };
              }
            }""";

    /** Keeps window.decoded up to date: video frames decoded on the call's inbound RTP streams. */
    static final String FRAMES_DECODED = """
            () => { window.framesDecoded = async () => {
              if (!window.remote) return 0;
              const stats = await call._link.pc.getStats();
              let frames = 0;
              stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
              return frames;
            };
            window.decoded = 0;
            setInterval(async () => { window.decoded = await window.framesDecoded(); }, 100); }""";

    private static Chromium chromium;
    private static TestNode node;
    private Page a;
    private Page b;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        node.close();
    }

    @AfterEach
    void closePages() {
        Chromium.closePage(a);
        Chromium.closePage(b);
    }

    private Page open(String id) {
        Page p = chromium.page(node.http() + "/");
        Map<?, ?> r = (Map<?, ?>) p.evaluate(OPEN, Map.of("id", id == null ? "" : id, "server", ""));
        assertThat(r.get("code")).as("Peer.open error").isNull();
        return p;
    }

    private static Map<?, ?> connect(Page from, String to, Map<String, Object> options) {
        return (Map<?, ?>) from.evaluate(CONNECT, Map.of("to", to, "options", options));
    }

    private static void waitFor(Page p, String condition) {
        p.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(15000));
    }

    @Test
    void twoPagesConnectAndExchangeTextAndBinaryBothWays() {
        a = open("js-alice");
        b = open("js-bob");
        Map<?, ?> r = connect(a, "js-bob", Map.of("label", "chat", "metadata", Map.of("room", 7)));
        assertThat(r.get("ok")).as(String.valueOf(r)).isEqualTo(true);
        assertThat(r.get("ordered")).isEqualTo(true);
        waitFor(b, "log.conns.length === 1");
        Map<?, ?> meta = (Map<?, ?>) ((List<?>) b.evaluate("log.conns")).get(0);
        assertThat(meta.get("peer")).isEqualTo("js-alice");
        assertThat(meta.get("label")).isEqualTo("chat");
        assertThat(((Map<?, ?>) meta.get("metadata")).get("room")).isEqualTo(7);

        a.evaluate("outgoing.send('hello from alice')");
        a.evaluate("outgoing.send(new Uint8Array([1,2,3,250]))");
        waitFor(b, "log.data.length === 2");
        assertThat(b.evaluate("log.data[0]")).isEqualTo("hello from alice");
        assertThat(((Map<?, ?>) b.evaluate("log.data[1]")).get("bytes")).isEqualTo(4);
        assertThat(((Map<?, ?>) b.evaluate("log.data[1]")).get("sum")).isEqualTo(256);

        b.evaluate("incoming.send('hi alice')");
        b.evaluate("incoming.send(new Uint8Array(1000).fill(7).buffer)");
        waitFor(a, "log.data.length === 2");
        assertThat(a.evaluate("log.data[0]")).isEqualTo("hi alice");
        assertThat(((Map<?, ?>) a.evaluate("log.data[1]")).get("bytes")).isEqualTo(1000);
    }

    @Test
    void anUnreliableConnectionIsUnorderedWithoutRetransmits() {
        a = open("js-udp-a");
        b = open("js-udp-b");
        Map<?, ?> r = connect(a, "js-udp-b", Map.of("reliable", false));
        assertThat(r.get("ok")).isEqualTo(true);
        assertThat(r.get("ordered")).isEqualTo(false);
        assertThat(r.get("maxRetransmits")).isEqualTo(0);
    }

    @Test
    void connectingToAnOfflineIdRejectsWithPeerUnavailableQuickly() {
        a = open("js-lonely");
        Map<?, ?> r = connect(a, "nobody-is-here", Map.of());
        assertThat(r.get("ok")).isEqualTo(false);
        assertThat(r.get("code")).isEqualTo("PEER_UNAVAILABLE");
        assertThat(((Number) r.get("ms")).doubleValue()).isLessThan(3000);
    }

    @Test
    void aTakenIdRejectsWithIdTakenAndBadInputGetsItsOwnCodes() {
        a = open("js-taken");
        b = chromium.page(node.http() + "/");
        Map<?, ?> taken = (Map<?, ?>) b.evaluate(OPEN, Map.of("id", "js-taken", "server", ""));
        assertThat(taken.get("code")).isEqualTo("ID_TAKEN");
        Map<?, ?> invalid = (Map<?, ?>) b.evaluate(OPEN, Map.of("id", "bad id!", "server", ""));
        assertThat(invalid.get("code")).isEqualTo("INVALID_ID");
        Map<?, ?> unreachable = (Map<?, ?>) b.evaluate(OPEN, Map.of("id", "x1", "server", "ws://127.0.0.1:9/ws"));
        assertThat(unreachable.get("code")).isEqualTo("SERVER_UNREACHABLE");
    }

    @Test
    void bothSidesConnectingAtOnceGiveOneWorkingPeerConnection() {
        a = open("glare-a");
        b = open("glare-b");
        a.evaluate("window.pa = peer.connect('glare-b').then(c => (window.outgoing = c, 'ok'), e => e.code)");
        b.evaluate("window.pb = peer.connect('glare-a').then(c => (window.outgoing = c, 'ok'), e => e.code)");
        assertThat(a.evaluate("pa")).isEqualTo("ok");
        assertThat(b.evaluate("pb")).isEqualTo("ok");
        assertThat(a.evaluate("peer._links.size")).isEqualTo(1);
        assertThat(b.evaluate("peer._links.size")).isEqualTo(1);
        a.evaluate("outgoing.send('from a')");
        b.evaluate("outgoing.send('from b')");
        waitFor(a, "log.data.includes('from b')");
        waitFor(b, "log.data.includes('from a')");
    }

    @Test
    void manyMegabytesArriveCompleteThroughBackpressure() {
        a = open("bulk-a");
        b = open("bulk-b");
        assertThat(connect(a, "bulk-b", Map.of()).get("ok")).isEqualTo(true);
        waitFor(b, "log.conns.length === 1");
        Object sent = a.evaluate("""
                async () => {
                  const chunk = new Uint8Array(64 * 1024);
                  let sum = 0;
                  for (let i = 0; i < 128; i++) {
                    chunk.fill(i % 251);
                    sum = (sum + (i % 251) * chunk.length) % 1000003;
                    await outgoing.send(chunk);
                  }
                  return sum;
                }""");
        waitFor(b, "log.data.length === 128");
        Object got = b.evaluate("log.data.reduce((s, d) => (s + d.sum) % 1000003, 0)");
        assertThat(got).isEqualTo(sent);
        assertThat(b.evaluate("log.data.every(d => d.bytes === 65536)")).isEqualTo(true);
    }

    @Test
    void aCallCarriesVideoBothWaysAndHangupEndsItForBoth() {
        a = open("call-a");
        b = open("call-b");
        b.evaluate("""
                () => peer.on('call', async (call) => {
                  window.call = call;
                  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
                  call.on('stream', (s) => { window.remote = s; });
                  call.on('close', () => log.events.push('call-closed'));
                  call.answer(stream);
                })""");
        Object r = a.evaluate("""
                async () => {
                  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
                  const call = await peer.call('call-b', stream, { metadata: { kind: 'video' } });
                  window.call = call;
                  call.on('stream', (s) => { window.remote = s; });
                  call.on('close', () => log.events.push('call-closed'));
                  return call.peer;
                }""");
        assertThat(r).isEqualTo("call-b");
        for (Page p : List.of(a, b)) {
            // A synchronous predicate: a Promise would count as truthy and end the wait at once.
            p.evaluate(FRAMES_DECODED);
            p.waitForFunction("window.decoded > 5", null, new Page.WaitForFunctionOptions().setTimeout(20000));
        }
        assertThat(b.evaluate("remote.getAudioTracks().length")).isEqualTo(1);
        a.evaluate("call.hangup()");
        waitFor(a, "log.events.includes('call-closed')");
        waitFor(b, "log.events.includes('call-closed')");
    }
}
