package dev.weft.node.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PeerServer 1.0.2's protocol on /peerjs, message by message, with real WebSocket clients. */
class PeerJsProtocolTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestNode node;
    private final List<WsClient> open = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.extension(PeerJsSettings.class, PeerJsSettings.DEFAULTS
                .withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(90), Duration.ofMillis(200))
                .withConcurrentLimit(50)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void closeClients() {
        open.forEach(WsClient::close);
    }

    private WsClient socket(String query) {
        WsClient c = WsClient.connect(node.ws("/peerjs?" + query));
        open.add(c);
        return c;
    }

    /** Connects like the PeerJS client does and expects OPEN. */
    private WsClient peer(String id, String token) {
        WsClient c = socket("key=peerjs&id=" + id + "&token=" + token + "&version=1.5.5");
        assertThat(c.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
        return c;
    }

    private static HttpResponse<String> get(TestNode n, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + path))
                .header("Origin", "http://example.test").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void idEndpointGivesFreshUuidsAndPeersIsUnauthorizedWithoutDiscovery() throws Exception {
        HttpResponse<String> a = get(node, "/peerjs/id?ts=1712345.678&version=1.5.5");
        HttpResponse<String> b = get(node, "/peerjs/id?ts=1712346.123&version=1.5.5");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.body()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(b.body()).isNotEqualTo(a.body());
        assertThat(a.headers().firstValue("access-control-allow-origin")).contains("http://example.test");
        HttpResponse<String> peers = get(node, "/peerjs/peers");
        assertThat(peers.statusCode()).isEqualTo(401);
        assertThat(get(node, "/otherkey/id").statusCode()).isEqualTo(404);
    }

    @Test
    void peersListsConnectedIdsWhenDiscoveryIsOn() throws Exception {
        try (TestNode n = TestNode.start(b -> b.extension(PeerJsSettings.class,
                PeerJsSettings.DEFAULTS.withDiscovery(true)))) {
            WsClient c = WsClient.connect(n.ws("/peerjs?key=peerjs&id=listed&token=tok1"));
            assertThat(c.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
            HttpResponse<String> peers = get(n, "/peerjs/peers?ts=1");
            assertThat(peers.statusCode()).isEqualTo(200);
            assertThat(peers.body()).isEqualTo("[\"listed\"]");
            c.close();
        }
    }

    @Test
    void relaysWithSrcSetByTheServerAndPayloadVerbatim() {
        WsClient a = peer("ra", "tokA");
        WsClient b = peer("rb", "tokB");
        a.send("{\"type\":\"OFFER\",\"src\":\"mallory\",\"dst\":\"rb\",\"extra\":1,"
                + "\"payload\":{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"type\":\"data\",\"connectionId\":\"dc_1\"}}");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"ra\",\"dst\":\"rb\","
                + "\"payload\":{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"type\":\"data\",\"connectionId\":\"dc_1\"}}");
        b.send("{\"type\":\"ANSWER\",\"dst\":\"ra\",\"payload\":{\"connectionId\":\"dc_1\"}}");
        assertThat(a.nextText()).isEqualTo("{\"type\":\"ANSWER\",\"src\":\"rb\",\"dst\":\"ra\",\"payload\":{\"connectionId\":\"dc_1\"}}");
        b.send("{\"type\":\"CANDIDATE\",\"dst\":\"ra\",\"payload\":{\"candidate\":{\"candidate\":\"c\"}}}");
        assertThat(a.nextText()).contains("\"type\":\"CANDIDATE\",\"src\":\"rb\"");
        a.send("{\"type\":\"LEAVE\",\"dst\":\"rb\"}");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"LEAVE\",\"src\":\"ra\",\"dst\":\"rb\"}");
        a.assertNoMore(200);
    }

    @Test
    void messagesForAPeerThatIsNotConnectedYetAreDeliveredWhenItConnects() {
        WsClient a = peer("qa", "tokA");
        a.send("{\"type\":\"OFFER\",\"dst\":\"qb\",\"payload\":{\"n\":1}}");
        a.send("{\"type\":\"CANDIDATE\",\"dst\":\"qb\",\"payload\":{\"n\":2}}");
        a.send("{\"type\":\"LEAVE\",\"dst\":\"qb\"}");
        a.send("{\"type\":\"OPEN\"}");
        assertThat(a.nextText()).as("a round trip: the node has read everything before").contains("ERROR");
        WsClient b = peer("qb", "tokB");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"qa\",\"dst\":\"qb\",\"payload\":{\"n\":1}}");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"CANDIDATE\",\"src\":\"qa\",\"dst\":\"qb\",\"payload\":{\"n\":2}}");
        b.assertNoMore(300);
        a.assertNoMore(1800);
    }

    @Test
    void aPeerConnectingWithinTheExpireTimeoutGetsTheQueueAndTheSenderNoExpire() throws Exception {
        WsClient a = peer("la", "tokA");
        a.send("{\"type\":\"OFFER\",\"dst\":\"lb\",\"payload\":{\"n\":1}}");
        Thread.sleep(700);
        WsClient b = peer("lb", "tokB");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"la\",\"dst\":\"lb\",\"payload\":{\"n\":1}}");
        b.send("{\"type\":\"ANSWER\",\"dst\":\"la\",\"payload\":{\"n\":2}}");
        assertThat(a.nextText()).contains("ANSWER");
        a.assertNoMore(2000);
    }

    @Test
    void unreadMessagesExpireWithOneExpirePerSender() {
        WsClient a = peer("ea", "tokA");
        WsClient c = peer("ec", "tokC");
        long t0 = System.nanoTime();
        a.send("{\"type\":\"OFFER\",\"dst\":\"ghost\",\"payload\":{\"n\":1}}");
        a.send("{\"type\":\"CANDIDATE\",\"dst\":\"ghost\",\"payload\":{\"n\":2}}");
        c.send("{\"type\":\"OFFER\",\"dst\":\"ghost\",\"payload\":{\"n\":3}}");
        assertThat(a.nextTextWithin(4000)).isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"ghost\",\"dst\":\"ea\"}");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1400);
        assertThat(c.nextTextWithin(1000)).isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"ghost\",\"dst\":\"ec\"}");
        a.assertNoMore(500);
        WsClient ghost = peer("ghost", "tokG");
        ghost.assertNoMore(300);
    }

    @Test
    void anotherTokenGetsIdTakenAndTheSameTokenRebinds() {
        WsClient first = peer("dup", "tok-1");
        WsClient thief = socket("key=peerjs&id=dup&token=tok-2");
        assertThat(thief.nextText()).isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");
        assertThat(thief.awaitClose(5)).isEqualTo(1000);
        WsClient other = peer("dup-other", "tokO");
        other.send("{\"type\":\"OFFER\",\"dst\":\"dup\",\"payload\":{\"n\":1}}");
        assertThat(first.nextText()).contains("\"src\":\"dup-other\"");

        WsClient again = peer("dup", "tok-1");
        assertThat(first.awaitClose(5)).isEqualTo(1000);
        other.send("{\"type\":\"OFFER\",\"dst\":\"dup\",\"payload\":{\"n\":2}}");
        assertThat(again.nextText()).contains("{\"n\":2}");
    }

    @Test
    void closingReleasesTheId() throws Exception {
        WsClient a = peer("gone", "tok-1");
        a.close();
        Thread.sleep(200);
        WsClient b = peer("gone", "tok-2");
        assertThat(b.isClosed()).isFalse();
    }

    @Test
    void wrongOrMissingParametersGetPeerServersErrorsAndClose() {
        WsClient wrongKey = socket("key=nope&id=k1&token=t");
        assertThat(wrongKey.nextText()).isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid key provided\"}}");
        assertThat(wrongKey.awaitClose(5)).isEqualTo(1000);
        for (String q : List.of("key=peerjs&token=t", "key=peerjs&id=k2", "id=k3&token=t", "key=peerjs&id=&token=t")) {
            WsClient c = socket(q);
            assertThat(c.nextText()).as(q).isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":"
                    + "\"No id, token, or key supplied to websocket server\"}}");
            assertThat(c.awaitClose(5)).isEqualTo(1000);
        }
        WsClient control = socket("key=peerjs&id=%01bad&token=t");
        assertThat(control.nextText()).contains("\"type\":\"ERROR\"").contains("Invalid id or token");
        assertThat(control.awaitClose(5)).isEqualTo(1000);
    }

    @Test
    void concurrentLimitRefusesTheNextClient() {
        try (TestNode n = TestNode.start(b -> b.extension(PeerJsSettings.class,
                PeerJsSettings.DEFAULTS.withConcurrentLimit(2)))) {
            List<WsClient> cs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                WsClient c = WsClient.connect(n.ws("/peerjs?key=peerjs&id=c" + i + "&token=t"));
                assertThat(c.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
                cs.add(c);
            }
            WsClient third = WsClient.connect(n.ws("/peerjs?key=peerjs&id=c2&token=t"));
            assertThat(third.nextText()).isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":"
                    + "\"Server has reached its concurrent user limit\"}}");
            assertThat(third.awaitClose(5)).isEqualTo(1000);
            WsClient rebind = WsClient.connect(n.ws("/peerjs?key=peerjs&id=c0&token=t"));
            assertThat(rebind.nextText()).as("the same token re-binds even at the limit").isEqualTo("{\"type\":\"OPEN\"}");
            cs.forEach(WsClient::close);
            rebind.close();
        }
    }

    @Test
    void silentClientsAreClosedAfterTheAliveTimeoutAndHeartbeatsKeepThemOpen() throws Exception {
        try (TestNode n = TestNode.start(b -> b.extension(PeerJsSettings.class, PeerJsSettings.DEFAULTS
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1200), Duration.ofSeconds(1))))) {
            WsClient silent = WsClient.connect(n.ws("/peerjs?key=peerjs&id=silent&token=t"));
            WsClient beating = WsClient.connect(n.ws("/peerjs?key=peerjs&id=beating&token=t"));
            assertThat(silent.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(beating.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
            for (int i = 0; i < 8; i++) {
                beating.send("{\"type\":\"HEARTBEAT\"}");
                Thread.sleep(300);
            }
            assertThat(silent.awaitClose(3)).isEqualTo(1000);
            assertThat(beating.isClosed()).isFalse();
            WsClient reuse = WsClient.connect(n.ws("/peerjs?key=peerjs&id=silent&token=other"));
            assertThat(reuse.nextText()).as("the silent client's id is free").isEqualTo("{\"type\":\"OPEN\"}");
            beating.close();
            reuse.close();
        }
    }

    @Test
    void badInputGetsErrorMessagesAndTheSocketKeepsWorking() {
        WsClient a = peer("bad", "tokA");
        WsClient b = peer("bad-b", "tokB");
        a.send("not json");
        assertThat(a.nextText()).isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid message: malformed JSON\"}}");
        a.send("[1,2]");
        assertThat(a.nextText()).contains("not a JSON object");
        a.send("{\"type\":7}");
        assertThat(a.nextText()).contains("type must be a string");
        a.send("{\"payload\":{}}");
        assertThat(a.nextText()).contains("type is required");
        a.send("{\"type\":\"OFFER\",\"dst\":{\"x\":1}}");
        assertThat(a.nextText()).contains("dst must be a string");
        a.send("{\"type\":\"OPEN\"}");
        assertThat(a.nextText()).contains("clients may not send OPEN");
        a.send("{\"type\":\"OFFER\",\"dst\":\"bad-b\"} {}");
        assertThat(a.nextText()).contains("unexpected content");
        a.send("{\"type\":\"SOMETHING-NEW\",\"dst\":\"bad-b\"}");
        a.send("{\"type\":\"OFFER\",\"payload\":{}}");
        a.assertNoMore(200);
        a.send("[".repeat(100));
        assertThat(a.nextText()).contains("Invalid message");
        a.sendBinary("{\"type\":\"OFFER\",\"dst\":\"bad-b\",\"payload\":{\"bin\":true}}".getBytes());
        assertThat(b.nextText()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"bad\",\"dst\":\"bad-b\",\"payload\":{\"bin\":true}}");
        b.assertNoMore(200);
    }

    @Test
    void clientSentExpireIsRelayedAndLeaveWithoutDstReleasesTheId() {
        WsClient a = peer("xa", "tokA");
        WsClient b = peer("xb", "tokB");
        a.send("{\"type\":\"EXPIRE\",\"dst\":\"xb\"}");
        assertThat(b.nextText()).isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"xa\",\"dst\":\"xb\"}");
        a.send("{\"type\":\"LEAVE\"}");
        assertThat(a.awaitClose(5)).isEqualTo(1000);
        WsClient again = peer("xa", "another-token");
        assertThat(again.isClosed()).isFalse();
    }

    @Test
    void oversizedMessagesCloseWith1009AndFloodsWith1008() throws Exception {
        WsClient big = peer("big", "tokBig");
        big.send("{\"type\":\"OFFER\",\"dst\":\"x\",\"payload\":\"" + "a".repeat(70 * 1024) + "\"}");
        assertThat(big.awaitClose(5)).isEqualTo(1009);
        try (TestNode n = TestNode.start(b -> b.messagesPerSecond(5))) {
            WsClient flood = WsClient.connect(n.ws("/peerjs?key=peerjs&id=flood&token=t"));
            assertThat(flood.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
            int sent = 0;
            while (sent < 200 && flood.trySend("{\"type\":\"HEARTBEAT\"}")) {
                sent++; // the node closes the socket part-way; trySend stops the loop there
            }
            assertThat(flood.awaitClose(5)).isEqualTo(1008);
        }
    }

    @Test
    void aReceiverThatStopsReadingIsClosedAndTheSenderGetsLeave() throws Exception {
        try (TestNode n = TestNode.start(b -> b.messagesPerSecond(100_000));
             dev.weft.node.testing.RawWebSocket stuck = new dev.weft.node.testing.RawWebSocket(n.port(),
                     "/peerjs?key=peerjs&id=stuck&token=t")) {
            WsClient sender = WsClient.connect(n.ws("/peerjs?key=peerjs&id=pusher&token=t"));
            assertThat(sender.nextText()).isEqualTo("{\"type\":\"OPEN\"}");
            String big = "{\"type\":\"CANDIDATE\",\"dst\":\"stuck\",\"payload\":\"" + "c".repeat(60 * 1024) + "\"}";
            String leave = null;
            for (int i = 0; i < 2000 && leave == null; i++) {
                sender.send(big);
                try {
                    leave = sender.nextTextWithin(i % 50 == 49 ? 200 : 1);
                } catch (AssertionError none) {
                    // keep pushing until the stuck socket's buffers are full
                }
            }
            assertThat(leave).isEqualTo("{\"type\":\"LEAVE\",\"src\":\"stuck\",\"dst\":\"pusher\"}");
            sender.close();
        }
    }

    @Test
    void healthReportsPeerJsPeers() throws Exception {
        peer("healthy", "tokH");
        assertThat(get(node, "/healthz").body()).contains("\"peerjsPeers\":");
    }
}
