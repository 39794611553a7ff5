package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.peerjs.PeerJsSettings;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.PeerJsBundle;
import dev.weft.node.testing.PeerJsPage;
import dev.weft.node.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real PeerJS client (peerjs@1.5.5 from npm) in Chromium against a Weft node, configured as an app that
 * switched servers: only {@code host} and {@code port} set, default {@code path: '/'} and {@code key: 'peerjs'}.
 */
class PeerJsBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private Page a;
    private Page b;
    private Page c;
    private Page d;

    @BeforeAll
    static void start() {
        PeerJsBundle.install();
        node = TestNode.start(b -> b.extension(PeerJsSettings.class, PeerJsSettings.DEFAULTS
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(90), Duration.ofMillis(250))));
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
        Chromium.closePage(c);
        Chromium.closePage(d);
    }

    @Test
    void twoPeerJsPagesConnectThroughWeftAndExchangeData() {
        a = PeerJsPage.open(chromium, node.http());
        b = PeerJsPage.open(chromium, node.http());
        Map<?, ?> openA = PeerJsPage.peer(a, null);
        assertThat(openA.get("id")).as("id from GET /peerjs/id: " + openA).asString()
                .matches("[0-9a-f-]{36}");
        assertThat(PeerJsPage.peer(b, "pj-bob").get("id")).isEqualTo("pj-bob");

        Map<?, ?> r = PeerJsPage.connect(a, "pj-bob");
        assertThat(r.get("ok")).as(String.valueOf(r)).isEqualTo(true);
        PeerJsPage.waitFor(b, "log.conns.length === 1 && log.events.includes('incoming-open')");
        Map<?, ?> meta = (Map<?, ?>) ((List<?>) b.evaluate("log.conns")).get(0);
        assertThat(meta.get("peer")).isEqualTo(openA.get("id"));
        assertThat(meta.get("label")).isEqualTo("chat");
        assertThat(((Map<?, ?>) meta.get("metadata")).get("room")).isEqualTo(7);

        a.evaluate("outgoing.send('hello from a'); outgoing.send({ n: 42, list: [1, 2] })");
        PeerJsPage.waitFor(b, "log.data.length === 2");
        assertThat(b.evaluate("log.data[0]")).isEqualTo("hello from a");
        assertThat(b.evaluate("JSON.stringify(log.data[1])")).isEqualTo("{\"n\":42,\"list\":[1,2]}");
        b.evaluate("incoming.send('hello back')");
        PeerJsPage.waitFor(a, "log.data.length === 1");
        assertThat(a.evaluate("log.data[0]")).isEqualTo("hello back");
    }

    @Test
    void connectingToAnIdNobodyHoldsGivesPeerUnavailableAfterTheExpireTimeout() {
        a = PeerJsPage.open(chromium, node.http());
        assertThat(PeerJsPage.peer(a, "pj-lonely").get("id")).isEqualTo("pj-lonely");
        Map<?, ?> r = PeerJsPage.connect(a, "pj-nobody");
        assertThat(r.get("ok")).isEqualTo(false);
        assertThat(r.get("error")).isEqualTo("peer-unavailable");
    }

    @Test
    void aTakenIdIsRefusedAndALateConnectingPeerStillGetsTheQueuedOffer() {
        a = PeerJsPage.open(chromium, node.http());
        b = PeerJsPage.open(chromium, node.http());
        c = PeerJsPage.open(chromium, node.http());
        d = PeerJsPage.open(chromium, node.http());
        assertThat(PeerJsPage.peer(a, "pj-taken").get("id")).isEqualTo("pj-taken");
        assertThat(PeerJsPage.peer(b, "pj-taken").get("error")).isEqualTo("unavailable-id");

        // c connects to an id that does not exist yet; it opens 500 ms later (within the 3 s expire timeout) and gets the queued offer.
        assertThat(PeerJsPage.peer(c, "pj-early").get("id")).isEqualTo("pj-early");
        c.evaluate("() => { window.pending = new Promise((resolve) => { const conn = peer.connect('pj-late');"
                + " window.outgoing = conn; conn.on('open', () => resolve('open'));"
                + " peer.on('error', (e) => resolve(e.type)); }); }");
        c.waitForTimeout(500);
        assertThat(PeerJsPage.peer(d, "pj-late").get("id")).isEqualTo("pj-late");
        assertThat(c.evaluate("pending")).isEqualTo("open");
        c.evaluate("outgoing.send('queued then delivered')");
        PeerJsPage.waitFor(d, "log.data.length === 1");
        assertThat(d.evaluate("log.data[0]")).isEqualTo("queued then delivered");
    }
}
