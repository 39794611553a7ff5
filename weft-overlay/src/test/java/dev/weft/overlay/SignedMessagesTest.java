package dev.weft.overlay;

import static dev.weft.overlay.RecordingLink.auth;
import static dev.weft.overlay.RecordingLink.hello;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.overlay.testing.MemoryNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proof of possession on links, signed broadcasts and signals, scoring and bans (in memory, virtual time). */
class SignedMessagesTest {
    private final MemoryNetwork net = new MemoryNetwork(7);
    private final Map<String, Recorder> rec = new HashMap<>();
    private final EnvelopeCodec codec = new EnvelopeCodec();

    private Overlay add(String name, PeerKind kind, String node) {
        Recorder r = new Recorder(net::name);
        rec.put(name, r);
        return net.add(name, kind, node == null ? List.of() : List.of(MemoryNetwork.urlOf(node)), r);
    }

    /** 3 nodes and 10 browsers in "room", settled. */
    private List<Overlay> room() {
        add("n1", PeerKind.NODE, null);
        add("n2", PeerKind.NODE, "n1");
        add("n3", PeerKind.NODE, "n2");
        List<Overlay> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(add("p" + i, PeerKind.BROWSER, "n" + (1 + i % 3)));
        }
        net.clock.advance(100);
        for (Overlay m : members) {
            m.join("room");
            net.clock.advance(300);
        }
        net.clock.advance(20_000);
        return members;
    }

    private static ObjectNode body(String text) {
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("term", "chat");
        b.set("payload", TextNode.valueOf(text));
        return b;
    }

    /** Sends raw text from {@code from} to each of its neighbours in the group. */
    private void sendToNeighbours(Overlay from, String group, String text) {
        for (String n : from.neighbors(group)) {
            from.linked(n).link.send(text);
        }
    }

    @Test
    void aBroadcastForgedInAnotherPeersNameIsDroppedByEveryReceiver() throws Exception {
        List<Overlay> members = room();
        Overlay mallory = members.get(3);
        String victim = members.get(0).self().id();
        // mallory signs with its own key but claims to be p0; and sends one without any signature
        Envelope forged = Signatures.sign(net.identity("p3"),
                new Envelope(MessageType.BCAST, "forged1", null, victim, null, -1, "room", body("pay me"), null));
        sendToNeighbours(mallory, "room", codec.encode(forged.withSig(forged.sig())));
        Envelope unsigned = new Envelope(MessageType.BCAST, "forged2", null, victim, null, -1, "room", body("unsigned"), null);
        sendToNeighbours(mallory, "room", codec.encode(unsigned));
        net.clock.advance(2_000);
        for (int i = 0; i < members.size(); i++) {
            assertThat(rec.get("p" + i).messages).as("p" + i).isEmpty();
        }
        // every neighbour of mallory checked and dropped it, naming mallory as the link it came from
        for (String n : mallory.neighbors("room")) {
            assertThat(rec.get(net.name(n)).dropped).as(net.name(n))
                    .contains("bcast|p0|p3|bad signature");
        }
        // the real p0 still gets through to everyone
        members.get(0).broadcast("room", "chat", TextNode.valueOf("real"));
        net.clock.advance(2_000);
        for (int i = 1; i < members.size(); i++) {
            assertThat(rec.get("p" + i).messages).as("p" + i).containsExactly("room|p0|chat|\"real\"");
        }
    }

    @Test
    void aBroadcastAlteredOnTheWayIsDroppedByEveryReceiver() throws Exception {
        List<Overlay> members = room();
        Overlay mallory = members.get(4);
        // a genuine broadcast by p0, as mallory would have received it, then altered before forwarding
        Envelope genuine = Signatures.sign(net.identity("p0"), new Envelope(MessageType.BCAST, "orig1", null,
                members.get(0).self().id(), null, -1, "room", body("10 coins"), null));
        Envelope altered = new Envelope(genuine.type(), genuine.id(), null, genuine.from(), null, -1, "room",
                body("1000 coins"), genuine.sig());
        sendToNeighbours(mallory, "room", codec.encode(altered));
        net.clock.advance(2_000);
        for (int i = 0; i < members.size(); i++) {
            assertThat(rec.get("p" + i).messages).as("p" + i).isEmpty();
        }
        // the id was not burnt by the altered copy: the genuine message still reaches everyone
        sendToNeighbours(members.get(0), "room", codec.encode(genuine));
        net.clock.advance(2_000);
        for (int i = 1; i < members.size(); i++) {
            assertThat(rec.get("p" + i).messages).as("p" + i).containsExactly("room|p0|chat|\"10 coins\"");
        }
    }

    @Test
    void aLinkMustProveItsKeyBeforeAnythingElse() throws Exception {
        Overlay n1 = add("n1", PeerKind.NODE, null);
        RecordingLink early = new RecordingLink();
        n1.linkOpened(early);
        Identity zed = Identity.forName("zed");
        n1.received(early, hello(zed));
        n1.received(early, "{\"type\":\"leave\",\"group\":\"g\"}");
        assertThat(early.got).anyMatch(t -> t.contains("AUTH_REQUIRED")).contains("CLOSED");

        // claims alice's id but cannot sign for it
        RecordingLink liar = new RecordingLink();
        n1.linkOpened(liar);
        Identity alice = Identity.forName("alice");
        n1.received(liar, hello(alice));
        String nonce = liar.nonce();
        n1.received(liar, auth(zed.sign(Signatures.authText(nonce, alice.id(), n1.self().id()))));
        assertThat(liar.got).anyMatch(t -> t.contains("AUTH_FAILED")).contains("CLOSED");
        assertThat(n1.linkedPeers()).isEmpty();

        // a replayed signature over another nonce fails too
        RecordingLink replay = new RecordingLink();
        n1.linkOpened(replay);
        n1.received(replay, hello(alice));
        n1.received(replay, auth(alice.sign(Signatures.authText(nonce, alice.id(), n1.self().id()))));
        assertThat(replay.got).anyMatch(t -> t.contains("AUTH_FAILED"));

        // the real alice gets in
        RecordingLink real = new RecordingLink();
        n1.linkOpened(real);
        n1.received(real, hello(alice));
        n1.received(real, auth(alice.sign(Signatures.authText(real.nonce(), alice.id(), n1.self().id()))));
        assertThat(real.got).doesNotContain("CLOSED");
        assertThat(n1.linkedPeers()).extracting(PeerInfo::id).containsExactly(alice.id());
        // and n1's own auth verifies with n1's id
        String sig = real.got.stream().filter(t -> t.contains("\"type\":\"auth\"")).findFirst().orElseThrow()
                .replaceAll(".*\"sig\":\"([^\"]+)\".*", "$1");
        assertThat(Identity.verify(n1.self().id(), Signatures.authText("AAAAAAAAAAAAAAAAAAAAAA", n1.self().id(), alice.id()), sig)).isTrue();
    }

    @Test
    void aGarbageSenderIsBannedAndRefusedWhileTheGroupKeepsFullDelivery() throws Exception {
        List<Overlay> members = room();
        Overlay bad = members.get(2);
        String badId = bad.self().id();
        List<String> victims = bad.neighbors("room");
        assertThat(victims).isNotEmpty();
        for (int i = 0; i < 30; i++) {
            sendToNeighbours(bad, "room", "{\"type\":\"bcast\",\"id\":\"g" + i + "\",\"nonsense\":");
            net.clock.advance(10);
        }
        net.clock.advance(100);
        for (String v : victims) {
            Overlay o = net.peer(v);
            assertThat(o.neighbors("room")).as(net.name(v)).doesNotContain(badId);
            assertThat(o.score.idBanned(badId)).as(net.name(v)).isTrue();
        }
        net.clock.advance(20_000); // the others heal around the hole
        members.get(0).broadcast("room", "chat", TextNode.valueOf("still here"));
        net.clock.advance(2_000);
        for (int i = 1; i < members.size(); i++) {
            if (i != 2) {
                assertThat(rec.get("p" + i).messages).as("p" + i).containsExactly("room|p0|chat|\"still here\"");
            }
        }
    }

    @Test
    void aFlooderIsDisconnectedWhileTheGroupKeepsFullDelivery() throws Exception {
        List<Overlay> members = room();
        Overlay flooder = members.get(5);
        String fid = flooder.self().id();
        List<String> victims = flooder.neighbors("room");
        // 2,000 well-formed messages at once: far over 200/s with bursts of 400
        for (int i = 0; i < 2_000; i++) {
            sendToNeighbours(flooder, "room", "{\"type\":\"leave\",\"group\":\"other\"}");
        }
        net.clock.advance(500);
        for (String v : victims) {
            assertThat(net.peer(v).linkedPeers()).extracting(PeerInfo::id).as(net.name(v)).doesNotContain(fid);
        }
        net.clock.advance(20_000);
        members.get(1).broadcast("room", "chat", TextNode.valueOf("fine"));
        net.clock.advance(2_000);
        for (int i = 0; i < members.size(); i++) {
            if (i != 1 && i != 5) {
                assertThat(rec.get("p" + i).messages).as("p" + i).containsExactly("room|p1|chat|\"fine\"");
            }
        }
    }
}
