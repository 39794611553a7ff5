package dev.weft.node.game;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.overlay.OverlaySettings;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * weft.js's socket API over the overlay (weft.js's Network) in real Chromium: two nodes linked with --peer, one
 * page joined through each; the lazy handshake is relayed by the overlay (no signaling Peer in either page).
 * Ids are read from the pages, never chosen: the overlay decides their format.
 */
class SocketsOverlayBrowserTest {
    /** Joins the overlay ({how}: 'transport' = init({transport: 'overlay'}), else Network.join + init({network})). */
    static final String INIT = """
            async ({how, ports}) => {
              const w = await import('/weft.js');
              const sockets = window.sockets = w.sockets;
              if (how === 'transport') {
                window.net = await sockets.init({ transport: 'overlay' });
              } else {
                window.net = await w.Network.join();
                const same = await sockets.init({ network: net });
                if (same !== net) throw new Error('init({network}) resolves with that network');
              }
              if (!(net instanceof w.Network)) throw new Error('not a Network: ' + net);
              window.fds = {};
              window.got = [];
              for (const p of ports) {
                const fd = sockets.socket();
                if (sockets.bind(fd, p) !== 0) throw new Error('bind ' + p + ': ' + sockets.errno);
                fds[p] = fd;
              }
              sockets.recvCallback((fd) => {
                for (let d; (d = sockets.recvfrom(fd)) !== -1;) {
                  got.push({ to: sockets.current().portOf(fd), from: d.port, peer: d.peer, address: d.address,
                             text: new TextDecoder().decode(d.data) });
                }
              });
              if (sockets.localKey() !== net.id) throw new Error('localKey is not the network id');
              return net.id;
            }""";

    private static Chromium chromium;
    private static TestNode first;
    private static TestNode second;
    private Page a;
    private Page b;

    @BeforeAll
    static void start() {
        first = TestNode.startOn(freePort(), n -> n.extension(OverlaySettings.class, new OverlaySettings(List.of(), null, null)));
        second = TestNode.startOn(freePort(), n -> n.extension(OverlaySettings.class,
                new OverlaySettings(List.of("ws://127.0.0.1:" + first.port() + "/overlay"), null, null)));
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        second.close();
        first.close();
    }

    @AfterEach
    void closePages() {
        Chromium.closePage(a);
        Chromium.closePage(b);
    }

    private static String open(Page p, String how, List<Integer> ports) {
        return (String) p.evaluate(INIT, Map.of("how", how, "ports", ports));
    }

    private static void waitFor(Page p, String condition) {
        p.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(20000));
    }

    @Test
    void pagesOnTwoNodesExchangeDatagramsThroughTheOverlay() {
        a = chromium.page(first.http() + "/");
        b = chromium.page(second.http() + "/");
        String idA = open(a, "transport", List.of(7000, 7001));
        String idB = open(b, "network", List.of(9000));
        assertThat(idA).isNotEqualTo(idB);

        // A's first sendto starts the handshake through the overlay; both datagrams wait in the queue
        Map<?, ?> r = (Map<?, ?>) a.evaluate("""
                (b) => {
                  const addr = sockets.resolve(b);
                  const n1 = sockets.sendto(fds[7000], '7000>9000', addr, 9000);
                  const n2 = sockets.sendto(fds[7001], '7001>9000', addr, 9000);
                  return { addr, n1, n2, state: sockets.current().linkState(b) };
                }""", idB);
        assertThat(r.get("addr")).isEqualTo("10.0.0.2");
        assertThat(r.get("n1")).isEqualTo(9);
        assertThat(r.get("n2")).isEqualTo(9);
        assertThat(r.get("state")).isEqualTo("connecting");
        waitFor(b, "got.length === 2");
        assertThat(b.evaluate("got.map(g => [g.to, g.from, g.peer, g.address, g.text].join(' ')).sort()")).isEqualTo(List.of(
                "9000 7000 " + idA + " 10.0.0.2 7000>9000",
                "9000 7001 " + idA + " 10.0.0.2 7001>9000"));

        // B answers each sender's port over the same channel
        b.evaluate("() => { for (const g of got) sockets.sendto(fds[9000], 'reply to ' + g.text, g.address, g.from); }");
        waitFor(a, "got.length === 2");
        assertThat(a.evaluate("got.map(g => [g.to, g.from, g.peer, g.text].join(' ')).sort()")).isEqualTo(List.of(
                "7000 9000 " + idB + " reply to 7000>9000",
                "7001 9000 " + idB + " reply to 7001>9000"));
        assertThat(a.evaluate("sockets.reverseResolve('10.0.0.2')")).isEqualTo(idB);

        // the channel is the seed's (unordered, no retransmits), made over a WebRTC link between the two pages
        String settings = """
                (to) => { const ch = sockets.current().link(to).channel.connection.channel;
                        return { label: ch.label, ordered: ch.ordered, maxRetransmits: ch.maxRetransmits, state: ch.readyState,
                                 linked: net.links.some((l) => l.id === to && l.kind === 'browser') }; }""";
        for (Page p : List.of(a, b)) {
            Map<?, ?> ch = (Map<?, ?>) p.evaluate(settings, p == a ? idB : idA);
            assertThat(ch.get("label")).isEqualTo("chan");
            assertThat(ch.get("ordered")).isEqualTo(false);
            assertThat(ch.get("maxRetransmits")).isEqualTo(0);
            assertThat(ch.get("state")).isEqualTo("open");
            assertThat(ch.get("linked")).isEqualTo(true);
        }
        assertThat(a.evaluate("Object.keys(sockets.stats().links)")).isEqualTo(List.of("u:" + idB));
        assertThat(b.evaluate("sockets.stats().connects")).isEqualTo(0);

        // with both pages' node WebSockets closed, datagrams still flow (unreliable and MSG_RELIABLE)
        a.evaluate("net.closeNodeLinks()");
        b.evaluate("net.closeNodeLinks()");
        a.evaluate("() => { got.length = 0; }");
        b.evaluate("""
                (a) => { const addr = sockets.resolve(a);
                         sockets.sendto(fds[9000], 'no node', addr, 7000);
                         sockets.sendto(fds[9000], 'must arrive', addr, 7001, sockets.MSG_RELIABLE); }""", idA);
        waitFor(a, "got.length === 2");
        assertThat(a.evaluate("got.map(g => g.to + ' ' + g.text).sort()")).isEqualTo(List.of("7000 no node", "7001 must arrive"));
        assertThat(b.evaluate("Object.keys(sockets.stats().links).sort()")).isEqualTo(List.of("r:" + idA, "u:" + idA));
    }

    @Test
    void anUnknownPeerFailsTheHandshakeAndDropsItsQueue() {
        a = chromium.page(first.http() + "/");
        open(a, "transport", List.of(7000));
        // a well-formed id nobody has: the overlay finds no route; the queued datagram is dropped and counted
        a.evaluate("() => sockets.sendto(fds[7000], 'lost', sockets.resolve('nobody' + Date.now()), 9000)");
        waitFor(a, "sockets.stats().connectFailures === 1");
        assertThat(a.evaluate("sockets.stats().droppedConnectFailed")).isEqualTo(1);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
