package dev.weft.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.peerjs.PeerJsSettings;
import dev.weft.node.testing.Await;
import dev.weft.node.testing.NodeProcess;
import dev.weft.node.testing.RedisServer;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes (and a third as its own process) sharing a private redis-server: ids, routing, faults. */
class ClusterTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        a = node("node-a");
        b = node("node-b");
    }

    static TestNode node(String name) {
        return TestNode.start(c -> c
                .extension(ClusterSettings.class, new ClusterSettings(URI.create(redis.uri()), name, LEASE))
                .extension(PeerJsSettings.class, PeerJsSettings.DEFAULTS
                        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(90), Duration.ofMillis(200))));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient on(TestNode n, String id, String token) {
        WsClient c = WsClient.connect(n.ws("/ws"));
        clients.add(c);
        return c.registered(id, token);
    }

    private static JsonNode health(TestNode n) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void await(String what, long millis, BooleanSupplier condition) {
        Await.until(what, Duration.ofMillis(millis), Duration.ofMillis(100), condition);
    }

    @Test
    void aSignalToAPeerOnAnotherNodeArrivesByteForByteAndInOrder() {
        WsClient alice = on(a, "c-alice", "alice-token-0123456789");
        WsClient bob = on(b, "c-bob", "bob-token-0123456789ab");
        alice.send("{\"type\":\"offer\",\"to\":\"c-bob\",\"payload\":{\"sid\":\"k2\",\"sdp\":\"v=0\\r\\n\"}}");
        assertThat(bob.nextText()).isEqualTo("{\"type\":\"offer\",\"from\":\"c-alice\",\"payload\":{\"sid\":\"k2\",\"sdp\":\"v=0\\r\\n\"}}");
        for (int i = 0; i < 150; i++) {
            alice.send("{\"type\":\"candidate\",\"to\":\"c-bob\",\"payload\":{\"n\":" + i + "}}");
        }
        for (int i = 0; i < 150; i++) {
            assertThat(bob.nextText()).isEqualTo("{\"type\":\"candidate\",\"from\":\"c-alice\",\"payload\":{\"n\":" + i + "}}");
        }
        bob.send("{\"type\":\"answer\",\"to\":\"c-alice\",\"payload\":{\"sid\":\"k2\"}}");
        assertThat(alice.nextText()).isEqualTo("{\"type\":\"answer\",\"from\":\"c-bob\",\"payload\":{\"sid\":\"k2\"}}");
        alice.assertNoMore(200);
    }

    @Test
    void crossNodeSignalsKeepFlowingWhenRedisForgetsItsScripts() {
        WsClient alice = on(a, "s-alice", null);
        WsClient bob = on(b, "s-bob", null);
        assertSignalArrives(alice, "s-alice", bob, "s-bob", 1);
        // The route goes by script digest (EVALSHA); after SCRIPT FLUSH Redis answers NOSCRIPT and the node
        // must send the script again rather than drop or refuse the signal.
        redis.flushScripts();
        assertSignalArrives(alice, "s-alice", bob, "s-bob", 2);
        assertSignalArrives(alice, "s-alice", bob, "s-bob", 3);
        alice.assertNoMore(200);
    }

    /** {@code from} signals {@code toId} with {@code payload}; asserts {@code to} gets it byte for byte. */
    private static void assertSignalArrives(WsClient from, String fromId, WsClient to, String toId, int payload) {
        from.send("{\"type\":\"signal\",\"to\":\"" + toId + "\",\"payload\":" + payload + "}");
        assertThat(to.nextText())
                .isEqualTo("{\"type\":\"signal\",\"from\":\"" + fromId + "\",\"payload\":" + payload + "}");
    }

    @Test
    void peerUnavailableComesBackFromTheCluster() {
        WsClient alice = on(a, "u-alice", null);
        alice.send("{\"type\":\"offer\",\"to\":\"u-nobody\",\"ref\":\"o1\",\"payload\":{}}");
        JsonNode e = alice.next();
        assertThat(e.path("code").asText()).isEqualTo("PEER_UNAVAILABLE");
        assertThat(e.path("ref").asText()).isEqualTo("o1");
        assertThat(e.path("to").asText()).isEqualTo("u-nobody");
    }

    @Test
    void idsAreUniqueAcrossNodesAndTheTokenMovesAnIdToAnotherNode() {
        WsClient first = on(a, "i-dup", "dup-token-aaaaaaaaaaaa");
        WsClient thief = WsClient.connect(b.ws("/ws"));
        clients.add(thief);
        JsonNode refused = thief.register("i-dup", "dup-token-bbbbbbbbbbbb");
        assertThat(refused.path("code").asText()).isEqualTo("ID_TAKEN");

        WsClient moved = on(b, "i-dup", "dup-token-aaaaaaaaaaaa");
        JsonNode replaced = first.next();
        assertThat(replaced.path("code").asText()).isEqualTo("REPLACED");
        assertThat(first.awaitClose(5)).isEqualTo(4001);

        WsClient carol = on(a, "i-carol", null);
        carol.send("{\"type\":\"signal\",\"to\":\"i-dup\",\"payload\":1}");
        assertThat(moved.nextText()).isEqualTo("{\"type\":\"signal\",\"from\":\"i-carol\",\"payload\":1}");
    }

    @Test
    void peerLeftReachesContactsOnOtherNodes() {
        WsClient alice = on(a, "l-alice", null);
        WsClient bob = on(b, "l-bob", null);
        alice.send("{\"type\":\"signal\",\"to\":\"l-bob\"}");
        assertThat(bob.nextText()).isEqualTo("{\"type\":\"signal\",\"from\":\"l-alice\"}");
        bob.send("{\"type\":\"leave\"}");
        assertThat(alice.nextText()).isEqualTo("{\"type\":\"peer-left\",\"id\":\"l-bob\"}");
    }

    @Test
    void peerJsClientsOnDifferentNodesReachEachOtherAndQueuesWaitForAPeerOnAnyNode() {
        WsClient pa = WsClient.connect(a.ws("/peerjs?key=peerjs&id=pj-a&token=ta"));
        WsClient pb = WsClient.connect(b.ws("/peerjs?key=peerjs&id=pj-b&token=tb"));
        clients.add(pa);
        clients.add(pb);
        assertThat(pa.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
        assertThat(pb.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
        pa.send("{\"type\":\"OFFER\",\"dst\":\"pj-b\",\"payload\":{\"connectionId\":\"dc_1\"}}");
        assertThat(pb.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"pj-a\",\"dst\":\"pj-b\",\"payload\":{\"connectionId\":\"dc_1\"}}");

        WsClient eager = WsClient.connect(a.ws("/peerjs?key=peerjs&id=pj-eager&token=te"));
        clients.add(eager);
        eager.send("{\"type\":\"OFFER\",\"dst\":\"pj-b\",\"payload\":{\"sent\":\"before OPEN\"}}");
        assertThat(eager.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
        assertThat(pb.nextText()).as("what a client sends before OPEN is kept, as PeerServer handles it")
                .isEqualTo("{\"type\":\"OFFER\",\"src\":\"pj-eager\",\"dst\":\"pj-b\",\"payload\":{\"sent\":\"before OPEN\"}}");

        WsClient thief = WsClient.connect(a.ws("/peerjs?key=peerjs&id=pj-b&token=other"));
        clients.add(thief);
        assertThat(thief.nextText()).isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");

        pa.send("{\"type\":\"OFFER\",\"dst\":\"pj-late\",\"payload\":{\"n\":1}}");
        pa.send("{\"type\":\"CANDIDATE\",\"dst\":\"pj-late\",\"payload\":{\"n\":2}}");
        WsClient late = WsClient.connect(b.ws("/peerjs?key=peerjs&id=pj-late&token=tl"));
        clients.add(late);
        assertThat(late.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
        assertThat(late.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"pj-a\",\"dst\":\"pj-late\",\"payload\":{\"n\":1}}");
        assertThat(late.nextText()).isEqualTo("{\"type\":\"CANDIDATE\",\"src\":\"pj-a\",\"dst\":\"pj-late\",\"payload\":{\"n\":2}}");
        pa.assertNoMore(500);
    }

    @Test
    void whenRedisStopsLocalRoutingWorksCrossNodeFailsFastAndAllRecoversWhenItIsBack() throws Exception {
        WsClient alice = on(a, "r-alice", null);
        WsClient carol = on(a, "r-carol", null);
        WsClient bob = on(b, "r-bob", null);
        assertThat(health(a).path("status").asText()).isEqualTo("ok");
        assertThat(health(a).path("cluster").path("redis").asText()).isEqualTo("up");
        redis.stop();
        try {
            await("node A reports degraded", 5000, () -> status(a).equals("degraded"));

            alice.send("{\"type\":\"signal\",\"to\":\"r-carol\",\"payload\":\"local\"}");
            assertThat(carol.nextText()).isEqualTo("{\"type\":\"signal\",\"from\":\"r-alice\",\"payload\":\"local\"}");

            long t0 = System.nanoTime();
            alice.send("{\"type\":\"signal\",\"to\":\"r-bob\",\"ref\":\"x1\"}");
            JsonNode e = alice.next();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(e.path("code").asText()).isEqualTo("CLUSTER_UNAVAILABLE");
            assertThat(e.path("ref").asText()).isEqualTo("x1");
            assertThat(ms).as("fails fast").isLessThan(1000);

            WsClient dora = on(a, "r-dora", null);
            dora.send("{\"type\":\"signal\",\"to\":\"r-alice\",\"payload\":2}");
            assertThat(alice.nextText()).as("registering and routing locally still work").contains("\"from\":\"r-dora\"");
        } finally {
            redis.restart();
        }
        await("node A reports ok again", 10000, () -> status(a).equals("ok"));
        await("node B reports ok again", 10000, () -> status(b).equals("ok"));
        // The empty Redis learns the ids again from the nodes' renewals (every lease/3).
        long deadline = System.nanoTime() + 10_000_000_000L;
        String got = null;
        while (got == null && System.nanoTime() < deadline) {
            alice.send("{\"type\":\"signal\",\"to\":\"r-bob\",\"payload\":\"back\"}");
            try {
                got = bob.nextTextWithin(500);
            } catch (AssertionError notYet) {
                drain(alice);
            }
        }
        assertThat(got).isEqualTo("{\"type\":\"signal\",\"from\":\"r-alice\",\"payload\":\"back\"}");
    }

    @Test
    void aKilledNodesIdsFreeWithinTheLeaseAndTheirOwnersReclaimThemAtOnceElsewhere() throws Exception {
        try (NodeProcess c = NodeProcess.start("--cluster", redis.uri(), "--node-id", "node-c",
                "--cluster-lease", LEASE.toSeconds() + "s")) {
            WsClient dave = WsClient.connect(c.ws("/ws"));
            WsClient erin = WsClient.connect(c.ws("/ws"));
            clients.add(dave);
            clients.add(erin);
            assertThat(dave.register("k-dave", "dave-token-0123456789").path("type").asText()).isEqualTo("registered");
            assertThat(erin.register("k-erin", "erin-token-0123456789").path("type").asText()).isEqualTo("registered");
            WsClient alice = on(a, "k-alice", null);
            alice.send("{\"type\":\"signal\",\"to\":\"k-dave\",\"payload\":1}");
            assertThat(dave.nextText()).isEqualTo("{\"type\":\"signal\",\"from\":\"k-alice\",\"payload\":1}");

            c.kill();
            long killed = System.nanoTime();
            alice.send("{\"type\":\"signal\",\"to\":\"k-erin\",\"ref\":\"dead\"}");
            assertThat(alice.next().path("code").asText()).as("its node is gone").isEqualTo("PEER_UNAVAILABLE");

            WsClient other = WsClient.connect(b.ws("/ws"));
            clients.add(other);
            assertThat(other.register("k-erin", "someone-else-0123456").path("code").asText())
                    .as("still leased").isEqualTo("ID_TAKEN");

            WsClient daveAgain = on(b, "k-dave", "dave-token-0123456789");
            alice.send("{\"type\":\"signal\",\"to\":\"k-dave\",\"payload\":2}");
            assertThat(daveAgain.nextText()).isEqualTo("{\"type\":\"signal\",\"from\":\"k-alice\",\"payload\":2}");

            long freed = -1;
            while (freed < 0 && System.nanoTime() - killed < LEASE.toNanos() + 3_000_000_000L) {
                WsClient t = WsClient.connect(b.ws("/ws"));
                clients.add(t);
                if ("registered".equals(t.register("k-erin", "someone-else-0123456").path("type").asText())) {
                    freed = (System.nanoTime() - killed) / 1_000_000;
                } else {
                    Thread.sleep(250);
                }
            }
            assertThat(freed).as("k-erin free within the lease").isBetween(0L, LEASE.toMillis() + 1000);
        }
    }

    @Test
    void aNodeThatStopsCleanlyFreesItsIdsAtOnce() {
        WsClient frank;
        try (TestNode c = node("node-stopping")) {
            frank = WsClient.connect(c.ws("/ws"));
            clients.add(frank);
            assertThat(frank.register("s-frank", "frank-token-0123456").path("type").asText()).isEqualTo("registered");
            WsClient thief = WsClient.connect(b.ws("/ws"));
            clients.add(thief);
            assertThat(thief.register("s-frank", "other-token-0123456").path("code").asText()).isEqualTo("ID_TAKEN");
        }
        WsClient next = WsClient.connect(b.ws("/ws"));
        clients.add(next);
        assertThat(next.register("s-frank", "other-token-0123456").path("type").asText())
                .as("free without waiting for the lease").isEqualTo("registered");
    }

    @Test
    void classicNamesAreClusterWideAndCallsWorkAcrossNodes() {
        WsClient alice = WsClient.connect(a.ws("/classic"));
        WsClient bob = WsClient.connect(b.ws("/classic"));
        WsClient copy = WsClient.connect(b.ws("/classic"));
        clients.addAll(List.of(alice, bob, copy));
        for (WsClient c : List.of(alice, bob, copy)) {
            assertThat(c.next().path("type").asText()).isEqualTo("hello");
        }
        alice.send("{\"type\":\"login\",\"name\":\"cl-alice\"}");
        assertThat(alice.nextText()).isEqualTo("{\"type\":\"login\",\"success\":true}");
        copy.send("{\"type\":\"login\",\"name\":\"cl-alice\"}");
        assertThat(copy.next().path("success").asBoolean()).as("the name is taken on another node").isFalse();
        bob.send("{\"type\":\"login\",\"name\":\"cl-bob\"}");
        assertThat(bob.nextText()).isEqualTo("{\"type\":\"login\",\"success\":true}");

        alice.send("{\"type\":\"offer\",\"name\":\"cl-bob\",\"offer\":{\"sdp\":\"v=0\"}}");
        assertThat(bob.nextText()).isEqualTo("{\"type\":\"offer\",\"offer\":{\"sdp\":\"v=0\"},\"name\":\"cl-alice\"}");
        bob.send("{\"type\":\"answer\",\"name\":\"cl-alice\",\"answer\":{\"sdp\":\"v=1\"}}");
        assertThat(alice.nextText()).isEqualTo("{\"type\":\"answer\",\"answer\":{\"sdp\":\"v=1\"}}");
        alice.send("{\"type\":\"offer\",\"name\":\"cl-nobody\",\"offer\":{}}");
        assertThat(alice.nextText()).isEqualTo("{\"type\":\"error\",\"message\":\"User not found: cl-nobody\"}");
        bob.close();
        assertThat(alice.nextText()).as("the partner on the other node hung up").isEqualTo("{\"type\":\"leave\"}");
    }

    @Test
    void aNodeStartsWhileRedisIsDownAndJoinsWhenItComesUp() throws Exception {
        try (RedisServer late = RedisServer.start()) {
            late.stop();
            try (TestNode n = TestNode.start(c -> c.extension(ClusterSettings.class,
                    new ClusterSettings(URI.create(late.uri()), "node-late", LEASE)))) {
                assertThat(status(n)).isEqualTo("degraded");
                WsClient early = WsClient.connect(n.ws("/ws"));
                clients.add(early);
                assertThat(early.register("late-id", "late-token-0123456").path("type").asText())
                        .as("registers locally while Redis is away").isEqualTo("registered");
                late.restart();
                await("the node joins once Redis is up", 10000, () -> status(n).equals("ok"));
                // Redis started empty: the key exists only if the node re-asserted the id it registered alone.
                await("the id registered during the outage is re-created in Redis by the renewal", 10000,
                        () -> late.exists("weft:ws:late-id"));
            }
        }
    }

    @Test
    void healthShowsTheClusterState() throws Exception {
        JsonNode h = health(b);
        assertThat(h.path("cluster").path("node").asText()).isEqualTo("node-b");
        assertThat(h.path("cluster").path("redis").asText()).isEqualTo("up");
    }

    private static String status(TestNode n) {
        try {
            return health(n).path("status").asText();
        } catch (Exception e) {
            return "error";
        }
    }

    private static void drain(WsClient c) {
        try {
            while (true) {
                c.nextTextWithin(50);
            }
        } catch (AssertionError empty) {
            // drained
        }
    }
}
