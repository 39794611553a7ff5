package dev.weft.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.PeerJsBundle;
import dev.weft.node.testing.PeerJsPage;
import dev.weft.node.testing.RedisServer;
import dev.weft.node.testing.TestNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in a cluster, each serving its own page: a browser on node A and one on node B find each other
 * through Redis and open a DataChannel, with weft.js and with the real PeerJS client.
 */
class ClusterBrowserTest {
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private static Chromium chromium;
    private Page pa;
    private Page pb;

    @BeforeAll
    static void start() {
        PeerJsBundle.install();
        redis = RedisServer.start();
        a = TestNode.start(c -> c.extension(ClusterSettings.class,
                new ClusterSettings(URI.create(redis.uri()), "browser-a", Duration.ofSeconds(5))));
        b = TestNode.start(c -> c.extension(ClusterSettings.class,
                new ClusterSettings(URI.create(redis.uri()), "browser-b", Duration.ofSeconds(5))));
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        b.close();
        a.close();
        redis.close();
    }

    @AfterEach
    void closePages() {
        Chromium.closePage(pa);
        Chromium.closePage(pb);
    }

    private static Page weft(TestNode node, String id) {
        Page p = chromium.page(node.http() + "/");
        Map<?, ?> r = (Map<?, ?>) p.evaluate("""
                async (id) => {
                  const w = await import('/weft.js');
                  window.log = { data: [], conns: [] };
                  try {
                    const peer = await w.Peer.open({ id });
                    window.peer = peer;
                    peer.on('connection', (c) => {
                      log.conns.push(c.peer);
                      window.incoming = c;
                      c.on('data', (d) => log.data.push(d));
                    });
                    return { id: peer.id };
                  } catch (e) {
                    return { code: e.code };
                  }
                }""", id);
        assertThat(r.get("id")).as(String.valueOf(r)).isEqualTo(id);
        return p;
    }

    @Test
    void weftJsPagesOnDifferentNodesConnectAndExchangeData() {
        pa = weft(a, "cb-alice");
        pb = weft(b, "cb-bob");
        Map<?, ?> r = (Map<?, ?>) pa.evaluate("""
                async () => {
                  try {
                    const c = await peer.connect('cb-bob');
                    window.outgoing = c;
                    c.on('data', (d) => log.data.push(d));
                    await c.send('hello across nodes');
                    return { ok: true };
                  } catch (e) {
                    return { ok: false, code: e.code, message: e.message };
                  }
                }""");
        assertThat(r.get("ok")).as(String.valueOf(r)).isEqualTo(true);
        PeerJsPage.waitFor(pb, "log.data.length === 1");
        assertThat(pb.evaluate("log.conns[0]")).isEqualTo("cb-alice");
        assertThat(pb.evaluate("log.data[0]")).isEqualTo("hello across nodes");
        pb.evaluate("incoming.send('and back')");
        PeerJsPage.waitFor(pa, "log.data.length === 1");
        assertThat(pa.evaluate("log.data[0]")).isEqualTo("and back");

        Map<?, ?> missing = (Map<?, ?>) pa.evaluate("""
                async () => {
                  try { await peer.connect('cb-nobody', { timeout: 5000 }); return { ok: true }; }
                  catch (e) { return { ok: false, code: e.code }; }
                }""");
        assertThat(missing.get("code")).isEqualTo("PEER_UNAVAILABLE");
    }

    @Test
    void withRedisDownAConnectToAnotherNodeFailsFastWithClusterUnavailable() throws Exception {
        pa = weft(a, "cb-carol");
        pb = weft(b, "cb-dave");
        redis.stop();
        try {
            Map<?, ?> r = (Map<?, ?>) pa.evaluate("""
                    async () => {
                      const t0 = performance.now();
                      try { await peer.connect('cb-dave', { timeout: 10000 }); return { ok: true }; }
                      catch (e) { return { ok: false, code: e.code, ms: performance.now() - t0 }; }
                    }""");
            assertThat(r.get("code")).as(String.valueOf(r)).isEqualTo("CLUSTER_UNAVAILABLE");
            assertThat(((Number) r.get("ms")).doubleValue()).as("fails fast, not by timeout").isLessThan(3000);
        } finally {
            redis.restart();
        }
        // Recovery: once both nodes re-asserted their ids, the same connect works.
        long deadline = System.nanoTime() + 15_000_000_000L;
        Object ok = null;
        while (!Boolean.TRUE.equals(ok) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ok = ((Map<?, ?>) pa.evaluate("""
                    async () => {
                      try { await peer.connect('cb-dave', { timeout: 5000 }); return { ok: true }; }
                      catch (e) { return { ok: false, code: e.code }; }
                    }""")).get("ok");
        }
        assertThat(ok).as("connect works again after Redis is back").isEqualTo(true);
    }

    @Test
    void peerJsPagesOnDifferentNodesConnectAndExchangeData() {
        pa = PeerJsPage.open(chromium, a.http());
        pb = PeerJsPage.open(chromium, b.http());
        assertThat(PeerJsPage.peer(pa, "cb-pj-a").get("id")).isEqualTo("cb-pj-a");
        assertThat(PeerJsPage.peer(pb, "cb-pj-b").get("id")).isEqualTo("cb-pj-b");
        Map<?, ?> r = PeerJsPage.connect(pa, "cb-pj-b");
        assertThat(r.get("ok")).as(String.valueOf(r)).isEqualTo(true);
        pa.evaluate("outgoing.send('peerjs across nodes')");
        PeerJsPage.waitFor(pb, "log.data.length === 1");
        assertThat(pb.evaluate("log.data[0]")).isEqualTo("peerjs across nodes");
        pb.evaluate("incoming.send('back')");
        PeerJsPage.waitFor(pa, "log.data.length === 1");
        assertThat(pa.evaluate("log.data[0]")).isEqualTo("back");
    }
}
