package dev.weft.node.game;

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

/** weft.js's socket API (seed 004) between two real Chromium pages through a real node. */
class SocketsBrowserTest {
    /** Starts the socket layer as {id}, binds {ports}, and records every datagram into window.got. */
    static final String INIT = """
            async ({id, ports}) => {
              const { sockets } = await import('/weft.js');
              window.sockets = sockets;
              await sockets.init({ id });
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
              return sockets.localKey();
            }""";

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

    private Page open(String id, List<Integer> ports) {
        Page p = chromium.page(node.http() + "/");
        assertThat(p.evaluate(INIT, Map.of("id", id, "ports", ports))).isEqualTo(id);
        return p;
    }

    private static void waitFor(Page p, String condition) {
        p.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(15000));
    }

    @Test
    void twoPagesExchangeDatagramsBothWaysOnSeveralPorts() {
        a = open("udp-a", List.of(7000, 7001));
        b = open("udp-b", List.of(9000, 9001));
        Object sent = b.evaluate("""
                () => {
                  const a = sockets.resolve('udp-a');
                  return [sockets.sendto(fds[9000], '9000>7000', a, 7000), sockets.sendto(fds[9001], '9001>7001', a, 7001),
                          sockets.sendto(fds[9000], '9000>7001', a, 7001), a];
                }""");
        assertThat(sent).isEqualTo(List.of(9, 9, 9, "10.0.0.2"));
        waitFor(a, "got.length === 3");
        // B reached A at 10.0.0.2 in B's table; B is 10.0.0.2 in A's table too (each page numbers its own peers)
        assertThat(a.evaluate("got.map(g => [g.to, g.from, g.peer, g.address, g.text].join(' ')).sort()")).isEqualTo(List.of(
                "7000 9000 udp-b 10.0.0.2 9000>7000",
                "7001 9000 udp-b 10.0.0.2 9000>7001",
                "7001 9001 udp-b 10.0.0.2 9001>7001"));
        a.evaluate("""
                () => { for (const g of got) sockets.sendto(fds[g.to], 'reply to ' + g.text, g.address, g.from); }""");
        waitFor(b, "got.length === 3");
        assertThat(b.evaluate("got.map(g => [g.to, g.from, g.text].join(' ')).sort()")).isEqualTo(List.of(
                "9000 7000 reply to 9000>7000",
                "9000 7001 reply to 9000>7001",
                "9001 7001 reply to 9001>7001"));
        // every port went over one channel per peer pair
        assertThat(a.evaluate("Object.keys(sockets.stats().links)")).isEqualTo(List.of("u:udp-b"));
        assertThat(b.evaluate("Object.keys(sockets.stats().links)")).isEqualTo(List.of("u:udp-a"));
        assertThat(a.evaluate("sockets.current().stats().connects + sockets.current().stats().connectFailures"))
                .isEqualTo(0);
        assertThat(b.evaluate("sockets.current().stats().connects")).isEqualTo(1);
    }

    @Test
    void theChannelIsUnorderedWithoutRetransmitsOnBothSides() {
        a = open("chan-a", List.of(1));
        b = open("chan-b", List.of(2));
        b.evaluate("sockets.sendto(fds[2], 'x', sockets.resolve('chan-a'), 1)");
        waitFor(a, "got.length === 1");
        String settings = """
                (to) => { const ch = sockets.current().link(to).channel.connection.channel;
                        return { label: ch.label, ordered: ch.ordered, maxRetransmits: ch.maxRetransmits,
                                 maxPacketLifeTime: ch.maxPacketLifeTime, state: ch.readyState }; }""";
        for (Page p : List.of(a, b)) {
            Map<?, ?> ch = (Map<?, ?>) p.evaluate(settings, p == a ? "chan-b" : "chan-a");
            assertThat(ch.get("label")).isEqualTo("chan");
            assertThat(ch.get("ordered")).isEqualTo(false);
            assertThat(ch.get("maxRetransmits")).isEqualTo(0);
            assertThat(ch.get("maxPacketLifeTime")).isNull();
            assertThat(ch.get("state")).isEqualTo("open");
        }
    }

    @Test
    void aLazyFirstSendtoIsQueuedAndDeliveredOnceConnected() {
        a = open("lazy-a", List.of(5000));
        b = open("lazy-b", List.of());
        Map<?, ?> r = (Map<?, ?>) b.evaluate("""
                () => {
                  const fd = sockets.socket();
                  const n = sockets.sendto(fd, 'first', sockets.resolve('lazy-a'), 5000);
                  const state = sockets.current().linkState('lazy-a');
                  for (let i = 0; i < 9; i++) sockets.sendto(fd, 'q' + i, sockets.resolve('lazy-a'), 5000);
                  window.clientFd = fd;
                  return { n, state, port: sockets.current().portOf(fd), queued: sockets.stats().links['u:lazy-a'].queued };
                }""");
        assertThat(r.get("n")).isEqualTo(5);
        assertThat(r.get("state")).isEqualTo("connecting");
        assertThat(r.get("queued")).isEqualTo(10);
        assertThat(((Number) r.get("port")).intValue()).isBetween(10000, 65535);
        waitFor(a, "got.length === 10");
        assertThat(a.evaluate("got.map(g => g.text).sort()")).isEqualTo(List.of(
                "first", "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"));
        assertThat(b.evaluate("sockets.current().linkState('lazy-a')")).isEqualTo("ready");
        // the implicit bind lets the server answer the client's ephemeral port
        a.evaluate("sockets.sendto(fds[5000], 'pong', got[0].address, got[0].from)");
        b.evaluate("""
                () => sockets.recvCallback(() => { for (let d; (d = sockets.recvfrom(clientFd)) !== -1;)
                        got.push({ text: new TextDecoder().decode(d.data) }); })""");
        waitFor(b, "got.length === 1");
        assertThat(b.evaluate("got[0].text")).isEqualTo("pong");
    }

    @Test
    void theDatagramSocketFaceTalksToTheCStyleFace() {
        a = open("face-a", List.of(4000));
        b = open("face-b", List.of());
        b.evaluate("""
                () => { window.ds = sockets.createSocket();
                        ds.on('message', (data, r) => got.push({ text: new TextDecoder().decode(data), ...r }));
                        ds.send('hello', 'face-a', 4000); }""");
        waitFor(a, "got.length === 1");
        a.evaluate("sockets.sendto(fds[4000], 'hi back', got[0].address, got[0].from)");
        waitFor(b, "got.length === 1");
        Map<?, ?> m = (Map<?, ?>) b.evaluate("got[0]");
        assertThat(m.get("text")).isEqualTo("hi back");
        assertThat(m.get("peer")).isEqualTo("face-a");
        assertThat(m.get("port")).isEqualTo(4000);
        assertThat(m.get("address")).isEqualTo("10.0.0.2");
        assertThat(b.evaluate("(() => { try { ds.send(new Uint8Array(16384), 'face-a', 4000); } catch (e) { return e.code; } })()"))
                .isEqualTo("EMSGSIZE");
    }
}
