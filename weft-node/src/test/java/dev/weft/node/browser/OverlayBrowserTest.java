package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import com.microsoft.playwright.Page;
import dev.weft.client.GroupMessage;
import dev.weft.client.WeftGroup;
import dev.weft.client.WeftNetwork;
import dev.weft.node.overlay.OverlaySettings;
import dev.weft.node.testing.Await;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Weft network in real Chromium: three nodes joined with --peer, pages joining a group through different
 * nodes, WebRTC links with handshakes relayed over the overlay, broadcast, closing WebSockets, killing a node,
 * and a Java weft-client member.
 */
class OverlayBrowserTest {
    static final String JOIN = """
            async ({group}) => {
              const w = await import('/weft.js');
              window.log = { msgs: [], conns: [], data: [] };
              const net = await w.Network.join();
              window.net = net;
              net.on('connection', (c) => { log.conns.push(c.peer); c.on('data', (d) => log.data.push(d)); });
              if (group) {
                const g = await net.group(group);
                window.g = g;
                g.on('message', (m) => log.msgs.push(m.from + '|' + m.term + '|' + JSON.stringify(m.payload)));
              }
              return net.id;
            }""";

    private static Chromium chromium;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @AfterEach
    void stop() {
        pages.forEach(Chromium::closePage);
        nodes.forEach(TestNode::close);
    }

    private void startNodes(int n) throws InterruptedException {
        startChain(nodes, n);
    }

    /**
     * Starts {@code n} nodes, each dialing the one before it, and waits until every link of that chain is up
     * (authenticated), so a test's first route search does not race the nodes' own handshakes.
     */
    static void startChain(List<TestNode> nodes, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            List<String> peers = nodes.isEmpty() ? List.of() : List.of("ws://127.0.0.1:" + nodes.get(i - 1).port() + "/overlay");
            nodes.add(TestNode.startOn(freePort(), b -> b.extension(OverlaySettings.class, new OverlaySettings(peers, null, null))));
        }
        for (int i = 0; i < nodes.size(); i++) {
            int expected = (i > 0 ? 1 : 0) + (i < nodes.size() - 1 ? 1 : 0);
            TestNode node = nodes.get(i);
            await("node " + i + " linked to its neighbours in the chain",
                    () -> links(node) >= expected);
        }
    }

    private Page page(TestNode node) {
        Page p = chromium.page(node.http() + "/");
        pages.add(p);
        return p;
    }

    private String join(Page p, String group) {
        return (String) p.evaluate(JOIN, Map.of("group", group == null ? "" : group));
    }

    private static int num(Page p, String js) {
        return ((Number) p.evaluate(js)).intValue();
    }

    private static void await(String what, BooleanSupplier check) {
        Await.until(what, Duration.ofSeconds(25), Duration.ofMillis(100), check);
    }

    /** Pages joined through different nodes become a mesh of neighbours (4 pages: 3 neighbours each). */
    private List<String> groupOfFour() throws InterruptedException {
        startNodes(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Page p = page(nodes.get(i % 3));
            ids.add(join(p, "room"));
        }
        await("every page has the 3 others as neighbours", () ->
                pages.stream().allMatch(p -> num(p, "() => g.neighbors.length") == 3));
        return ids;
    }

    private void broadcastReachesEveryoneOnce(List<String> ids, int from, String text) throws InterruptedException {
        pages.get(from).evaluate("(t) => g.broadcast('chat', {text: t})", text);
        String expected = ids.get(from) + "|chat|{\"text\":\"" + text + "\"}";
        await("everyone got " + text, () -> {
            for (int i = 0; i < pages.size(); i++) {
                if (i != from && !pages.get(i).evaluate("() => log.msgs").toString().contains(text)) {
                    return false;
                }
            }
            return true;
        });
        Thread.sleep(500);
        for (int i = 0; i < pages.size(); i++) {
            @SuppressWarnings("unchecked")
            List<String> msgs = (List<String>) pages.get(i).evaluate("() => log.msgs");
            long n = msgs.stream().filter(m -> m.contains(text)).count();
            assertThat(n).as("page " + i + " copies of " + text).isEqualTo(i == from ? 0 : 1);
            if (i != from) {
                assertThat(msgs).contains(expected);
            }
        }
    }

    @Test
    void pagesJoinThroughDifferentNodesAndABroadcastReachesEveryMemberOnceEvenWithoutWebSockets() throws Exception {
        List<String> ids = groupOfFour();
        broadcastReachesEveryoneOnce(ids, 0, "one");
        // The neighbours are browsers linked by WebRTC: every page closes its WebSocket to its node.
        for (Page p : pages) {
            p.evaluate("() => net.closeNodeLinks()");
        }
        await("no page is linked to a node", () -> pages.stream().allMatch(p ->
                num(p, "() => net.links.filter((l) => l.kind === 'node').length") == 0));
        broadcastReachesEveryoneOnce(ids, 2, "two");
    }

    @Test
    void killingANodeKeepsTheGroupConnected() throws Exception {
        List<String> ids = groupOfFour();
        // A Java member whose only link is the node about to die.
        WeftNetwork java = WeftNetwork.join(List.of("ws://127.0.0.1:" + nodes.get(1).port() + "/overlay")).get(10, TimeUnit.SECONDS);
        try {
            WeftGroup g = java.group("room").get(10, TimeUnit.SECONDS);
            List<GroupMessage> got = new CopyOnWriteArrayList<>();
            g.onMessage(got::add);
            TestNode host = nodes.get(1);
            await("java's node is in the group with browsers", () -> network(host).contains("\"room\":[") 
                    && network(host).split("\"room\":\\[")[1].split("]")[0].split(",").length >= 2);
            broadcastReachesEveryoneOnce(ids, 0, "before-kill");
            await("java got it too", () -> got.size() == 1);
            TestNode killed = nodes.remove(1);
            int port = killed.port();
            killed.close();
            await("the pages of the killed node noticed", () -> pages.stream().allMatch(p ->
                    num(p, "() => net.links.filter((l) => l.kind === 'node' && l.url.includes(':" + port + "/')).length") == 0));
            // The Java member re-routes: it dials another known node, which joins the group for it.
            await("java is back in the group", () -> !g.neighbors().join().isEmpty()
                    && java.links().join().stream().noneMatch(String::isEmpty));
            Thread.sleep(2000);
            broadcastReachesEveryoneOnce(ids, 1, "after-kill");
            await("java got the message sent after the heal", () -> got.stream().anyMatch(m -> m.payload().toString().contains("after-kill")));
            g.broadcast("chat", TextNode.valueOf("java-after-kill")).get(5, TimeUnit.SECONDS);
            await("every page got java's message", () -> pages.stream().allMatch(p -> p.evaluate("() => log.msgs").toString().contains("java-after-kill")));
            assertThat(got.stream().filter(m -> m.payload().toString().contains("after-kill")).count()).isEqualTo(1);
        } finally {
            java.close();
        }
    }

    @Test
    void aBrowserToBrowserHandshakeIsRelayedOverSeveralHops() throws Exception {
        startNodes(3);
        Page near = page(nodes.get(0));
        Page far = page(nodes.get(2));
        join(near, null);
        String farId = join(far, null);
        Object r = near.evaluate("""
                async (to) => {
                  try {
                    const c = await net.connect(to, { metadata: { hi: 1 } });
                    window.out = c;
                    await c.send('over three hops');
                    return { ok: true, links: net.links.map((l) => l.id) };
                  } catch (e) { return { ok: false, code: e.code, message: e.message }; }
                }""", farId);
        assertThat(r.toString()).contains("ok=true");
        await("far got the data", () -> far.evaluate("() => log.data").toString().contains("over three hops"));
        assertThat(far.evaluate("() => log.conns").toString()).contains((String) near.evaluate("() => net.id"));
        // near linked to its node and to far only: the handshake went near -> n0 -> n1 -> n2 -> far.
        @SuppressWarnings("unchecked")
        List<Object> links = (List<Object>) near.evaluate("() => net.links.map((l) => l.id)");
        assertThat(links).hasSize(2).contains(farId);
        Object unknown = near.evaluate("async () => { try { await net.connect('a'.repeat(52)); return 'ok'; } catch (e) { return e.code; } }");
        assertThat(unknown).isEqualTo("NO_ROUTE");
    }

    @Test
    void aJavaClientAndBrowsersShareAGroup() throws Exception {
        startNodes(2);
        Page a = page(nodes.get(0));
        Page b = page(nodes.get(1));
        String aId = join(a, "mixed");
        join(b, "mixed");
        WeftNetwork java = WeftNetwork.join(List.of("ws://127.0.0.1:" + nodes.get(1).port() + "/overlay")).get(10, TimeUnit.SECONDS);
        try {
            WeftGroup g = java.group("mixed").get(10, TimeUnit.SECONDS);
            List<GroupMessage> got = new CopyOnWriteArrayList<>();
            g.onMessage(got::add);
            await("the group is connected", () -> num(a, "() => g.neighbors.length") >= 1 && num(b, "() => g.neighbors.length") >= 1);
            Thread.sleep(1500);
            g.broadcast("chat", TextNode.valueOf("from java")).get(5, TimeUnit.SECONDS);
            await("both pages got java's message", () -> a.evaluate("() => log.msgs").toString().contains("from java")
                    && b.evaluate("() => log.msgs").toString().contains("from java"));
            a.evaluate("() => g.broadcast('chat', 'from a')");
            await("java got a's message", () -> got.stream().anyMatch(m -> m.payload().asText().equals("from a")));
            assertThat(got.stream().filter(m -> m.from().equals(aId)).count()).isEqualTo(1);
        } finally {
            java.close();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** How many overlay links {@code n} has now (GET /api/network). */
    private static int links(TestNode n) {
        try {
            return JSON.readTree(network(n)).path("links").size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String network(TestNode n) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n.http() + "/api/network")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
