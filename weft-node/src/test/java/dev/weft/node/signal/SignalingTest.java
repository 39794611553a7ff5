package dev.weft.node.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native protocol end to end with real WebSocket clients against a running node. */
class SignalingTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.reclaimGrace(Duration.ofMillis(1500)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private WsClient client() {
        return WsClient.connect(node.ws("/ws"));
    }

    @Test
    void registersUnderAChosenIdAndGetsAToken() {
        try (WsClient a = client()) {
            JsonNode r = a.register("reg-alice", null);
            assertThat(r.get("type").asText()).isEqualTo("registered");
            assertThat(r.get("id").asText()).isEqualTo("reg-alice");
            assertThat(r.get("token").asText()).hasSize(32);
            assertThat(r.get("heartbeat").asLong()).isEqualTo(5000);
        }
    }

    @Test
    void assignsAnIdWhenNoneIsGiven() {
        try (WsClient a = client(); WsClient b = client()) {
            String idA = a.register(null, null).get("id").asText();
            String idB = b.register(null, null).get("id").asText();
            assertThat(idA).matches("[a-z0-9]{12}").isNotEqualTo(idB);
        }
    }

    @Test
    void aTakenIdIsRefusedWithIdTaken() {
        try (WsClient a = client(); WsClient b = client()) {
            a.register("taken-1", "token-of-alice-123456");
            JsonNode e = b.register("taken-1", "token-of-mallory-1234");
            assertThat(e.get("type").asText()).isEqualTo("error");
            assertThat(e.get("code").asText()).isEqualTo("ID_TAKEN");
            JsonNode e2 = b.register("taken-1", null);
            assertThat(e2.get("code").asText()).isEqualTo("ID_TAKEN");
            // b can still register under another id on the same socket.
            assertThat(b.register("taken-2", null).get("id").asText()).isEqualTo("taken-2");
        }
    }

    @Test
    void theSameTokenReclaimsALiveIdAndTheOldSocketIsReplaced() {
        try (WsClient a = client(); WsClient a2 = client()) {
            a.register("reclaim-live", "token-reclaim-live-1");
            JsonNode r = a2.register("reclaim-live", "token-reclaim-live-1");
            assertThat(r.get("type").asText()).isEqualTo("registered");
            JsonNode err = a.next();
            assertThat(err.get("code").asText()).isEqualTo("REPLACED");
            assertThat(a.awaitClose(5)).isEqualTo(4001);
        }
    }

    @Test
    void aDroppedClientReclaimsItsIdAndGetsWhatWasSentMeanwhile() {
        try (WsClient bob = client()) {
            bob.register("drop-bob", null);
            WsClient alice = client();
            alice.register("drop-alice", "token-drop-alice-123");
            alice.abort(); // no close frame: the node holds the id for the reclaim grace
            sleep(200);
            try (WsClient mallory = client()) {
                assertThat(mallory.register("drop-alice", "some-other-token-xyz").get("code").asText())
                        .isEqualTo("ID_TAKEN");
            }
            bob.send("{\"type\":\"offer\",\"to\":\"drop-alice\",\"payload\":{\"n\":1}}");
            bob.assertNoMore(200); // queued, not refused
            try (WsClient back = client()) {
                assertThat(back.register("drop-alice", "token-drop-alice-123").get("type").asText())
                        .isEqualTo("registered");
                assertThat(back.nextText()).isEqualTo("{\"type\":\"offer\",\"from\":\"drop-bob\",\"payload\":{\"n\":1}}");
            }
        }
    }

    @Test
    void aCleanCloseFreesTheIdAtOnce() {
        WsClient a = client();
        a.register("clean-close", "token-clean-close-12");
        a.close();
        sleep(200);
        try (WsClient b = client()) {
            assertThat(b.register("clean-close", null).get("type").asText()).isEqualTo("registered");
        }
    }

    @Test
    void aDroppedIdIsFreedWhenTheGraceEnds() {
        WsClient a = client();
        a.register("grace-end", "token-grace-end-1234");
        a.abort();
        sleep(2300);
        try (WsClient b = client()) {
            assertThat(b.register("grace-end", null).get("type").asText()).isEqualTo("registered");
        }
    }

    @Test
    void relaysPayloadBytesVerbatimWithTheSenderSetByTheNode() {
        try (WsClient a = client(); WsClient b = client()) {
            a.register("relay-a", null);
            b.register("relay-b", null);
            a.send("{\"type\":\"offer\",\"to\":\"relay-b\",\"payload\":{ \"sdp\" : \"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\" , \"n\":[1, 2.50]}}");
            assertThat(b.nextText()).isEqualTo(
                    "{\"type\":\"offer\",\"from\":\"relay-a\",\"payload\":{ \"sdp\" : \"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\" , \"n\":[1, 2.50]}}");
            b.send("{\"type\":\"answer\",\"to\":\"relay-a\",\"payload\":\"ok\"}");
            assertThat(a.nextText()).isEqualTo("{\"type\":\"answer\",\"from\":\"relay-b\",\"payload\":\"ok\"}");
            a.send("{\"type\":\"candidate\",\"to\":\"relay-b\",\"payload\":{\"c\":1}}");
            a.send("{\"type\":\"signal\",\"to\":\"relay-b\",\"payload\":[\"app\",\"data\"]}");
            assertThat(b.next().get("type").asText()).isEqualTo("candidate");
            assertThat(b.next().get("payload").get(0).asText()).isEqualTo("app");
        }
    }

    @Test
    void aClientCannotClaimToBeSomeoneElse() {
        try (WsClient a = client(); WsClient b = client()) {
            a.register("spoof-a", null);
            b.register("spoof-b", null);
            a.send("{\"type\":\"offer\",\"to\":\"spoof-b\",\"from\":\"spoof-c\",\"payload\":{}}");
            JsonNode e = a.next();
            assertThat(e.get("code").asText()).isEqualTo("INVALID_MESSAGE");
            b.assertNoMore(200);
        }
    }

    @Test
    void anOfflineTargetGivesPeerUnavailableWithRefAndTarget() {
        try (WsClient a = client()) {
            a.register("lonely", null);
            a.send("{\"type\":\"offer\",\"to\":\"nobody-here\",\"payload\":{},\"ref\":\"o-1\"}");
            JsonNode e = a.next();
            assertThat(e.get("code").asText()).isEqualTo("PEER_UNAVAILABLE");
            assertThat(e.get("ref").asText()).isEqualTo("o-1");
            assertThat(e.get("to").asText()).isEqualTo("nobody-here");
            a.send("{\"type\":\"offer\",\"to\":\"lonely\",\"payload\":{}}");
            assertThat(a.next().get("code").asText()).isEqualTo("PEER_UNAVAILABLE");
        }
    }

    @Test
    void relayingBeforeRegisteringIsRefused() {
        try (WsClient a = client()) {
            a.send("{\"type\":\"offer\",\"to\":\"x\",\"payload\":{}}");
            assertThat(a.next().get("code").asText()).isEqualTo("NOT_REGISTERED");
            a.register("late", null);
            a.send("{\"type\":\"register\",\"id\":\"again\"}");
            assertThat(a.next().get("code").asText()).isEqualTo("ALREADY_REGISTERED");
        }
    }

    @Test
    void peersAreToldWhenSomeoneTheyTalkedToLeaves() {
        try (WsClient a = client(); WsClient b = client(); WsClient c = client()) {
            a.register("left-a", null);
            b.register("left-b", null);
            c.register("left-c", null);
            a.send("{\"type\":\"offer\",\"to\":\"left-b\",\"payload\":{}}");
            b.next();
            a.send("{\"type\":\"leave\"}");
            assertThat(a.awaitClose(5)).isEqualTo(1000);
            assertThat(b.nextText()).isEqualTo("{\"type\":\"peer-left\",\"id\":\"left-a\"}");
            c.assertNoMore(200); // c never talked to a
        }
    }

    @Test
    void theReceiverOfAnOfferIsAlsoToldWhenTheSenderClosesItsTab() {
        try (WsClient a = client(); WsClient b = client()) {
            a.register("tab-a", null);
            b.register("tab-b", null);
            b.send("{\"type\":\"offer\",\"to\":\"tab-a\",\"payload\":{}}");
            a.next();
            b.close();
            assertThat(a.next().get("type").asText()).isEqualTo("peer-left");
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (WsClient a = client()) {
            a.send("{\"type\":\"ping\",\"ref\":\"p9\"}");
            assertThat(a.nextText()).isEqualTo("{\"type\":\"pong\",\"ref\":\"p9\"}");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
