package dev.weft.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.overlay.testing.MemoryNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Many overlay peers on the in-memory transport and a virtual clock: deterministic, no sleeps. */
class OverlayTest {
    private final MemoryNetwork net = new MemoryNetwork(42);
    private final Map<String, Recorder> rec = new HashMap<>();

    private Overlay node(String id, String... peers) {
        List<String> urls = new ArrayList<>();
        for (String p : peers) {
            urls.add(MemoryNetwork.urlOf(p));
        }
        return add(id, PeerKind.NODE, urls);
    }

    private Overlay browser(String id, String node) {
        return add(id, PeerKind.BROWSER, List.of(MemoryNetwork.urlOf(node)));
    }

    private Overlay add(String id, PeerKind kind, List<String> boot) {
        Recorder r = new Recorder(net::name);
        rec.put(id, r);
        return net.add(id, kind, boot, r);
    }

    private String name(Overlay o) {
        return net.name(o.self().id());
    }

    private List<String> names(List<String> ids) {
        return ids.stream().map(net::name).toList();
    }

    private void join(Overlay o, String group) {
        CompletableFuture<Void> f = o.join(group);
        net.clock.advance(2_000);
        assertThat(f).isCompleted();
    }

    @Test
    void nodesLinkAndShareKnownNodes() {
        Overlay a = node("na");
        Overlay b = node("nb", "na");
        Overlay c = node("nc", "nb");
        net.clock.advance(100);
        assertThat(b.linkedPeers()).extracting(p -> net.name(p.id())).containsExactlyInAnyOrder("na", "nc");
        assertThat(c.knownNodes()).contains(MemoryNetwork.urlOf("na"), MemoryNetwork.urlOf("nb"));
        assertThat(a.knownNodes()).contains(MemoryNetwork.urlOf("nb"));
    }

    @Test
    void simultaneousDialsLeaveExactlyOneLink() {
        Overlay a = node("na", "nb");
        Overlay b = node("nb", "na");
        net.clock.advance(100);
        assertThat(a.linkedPeers()).extracting(p -> net.name(p.id())).containsExactly("nb");
        assertThat(b.linkedPeers()).extracting(p -> net.name(p.id())).containsExactly("na");
        assertThat(a.links.size()).isEqualTo(1);
        assertThat(b.links.size()).isEqualTo(1);
    }

    @Test
    void joiningFindsAMemberOverSeveralHopsAndLinksByRelayedSignaling() {
        node("n1");
        node("n2", "n1");
        node("n3", "n2");
        Overlay alice = browser("alice", "n1");
        Overlay bob = browser("bob", "n3");
        net.clock.advance(100);
        join(alice, "g1");
        assertThat(alice.neighbors("g1")).isEmpty(); // created it
        join(bob, "g1");
        // route bob -> n3 -> n2 -> n1 -> alice; the handshake went over three hops, none linked to bob first
        assertThat(names(bob.neighbors("g1"))).containsExactly("alice");
        assertThat(names(alice.neighbors("g1"))).containsExactly("bob");
        assertThat(bob.linkedPeers()).extracting(p -> net.name(p.id())).containsExactlyInAnyOrder("n3", "alice");
    }

    @Test
    void aClientJoinsThroughItsNodeWhichInvitesABrowserMemberToDialIt() throws Exception {
        node("n1");
        node("n2", "n1");
        node("n3", "n2");
        Overlay alice = browser("alice", "n3");
        Overlay java = add("java", PeerKind.CLIENT, List.of(MemoryNetwork.urlOf("n1")));
        net.clock.advance(100);
        join(alice, "g");
        join(java, "g");
        net.clock.advance(3_000);
        // n1 joined g for its client; the member was alice, two nodes away: n1 invited her to dial n1.
        assertThat(names(java.neighbors("g"))).containsExactly("n1");
        assertThat(names(net.peer("n1").neighbors("g"))).containsExactlyInAnyOrder("java", "alice");
        assertThat(alice.linkedPeers()).extracting(p -> net.name(p.id())).contains("n1");
        java.broadcast("g", "chat", TextNode.valueOf("from a client"));
        net.clock.advance(100);
        assertThat(rec.get("alice").messages).containsExactly("g|java|chat|\"from a client\"");
    }

    @Test
    void routeQueriesStopAfterTenHops() {
        node("h0");
        for (int i = 1; i <= 12; i++) {
            node("h" + i, "h" + (i - 1));
        }
        Overlay far = browser("far", "h0");
        Overlay near = browser("near", "h9");
        Overlay beyond = browser("beyond", "h12");
        net.clock.advance(200);
        join(far, "deep");
        // route-group never returns a route longer than 10 hops (11 peers). The DHT's lookups link nodes beyond
        // the --peer chain (h12 now has shortcuts), so the route from h12 may be shorter than the chain.
        CompletableFuture<List<PeerInfo>> route = beyond.routing.find("deep", true, List.of());
        net.clock.advance(6_000);
        assertThat(route.join().size()).isLessThanOrEqualTo(OverlayConstants.ROUTE_TTL + 1);
        assertThat(net.peer("h12").linkedPeers().size()).isGreaterThan(2); // DHT contacts beyond the chain
        join(near, "deep");
        // near (h9) reaches a member over h8..h0 (11 peers, within the limit)
        assertThat(near.neighbors("deep")).isNotEmpty();
        // beyond's join finds no route, but the DHT knows far's and near's adverts: no island (issue 5)
        join(beyond, "deep");
        net.clock.advance(10_000);
        assertThat(beyond.neighbors("deep")).isNotEmpty();
    }

    @Test
    void broadcastReachesEveryMemberExactlyOnceOnACyclicTopology() throws Exception {
        node("n1");
        node("n2", "n1");
        node("n3", "n2", "n1");
        List<Overlay> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(browser("p" + i, "n" + (1 + i % 3)));
        }
        net.clock.advance(100);
        for (Overlay m : members) {
            join(m, "room");
        }
        net.clock.advance(20_000); // maintenance brings everyone to the low water mark: a graph with cycles
        for (Overlay m : members) {
            assertThat(m.neighbors("room").size()).as(m.self().id()).isBetween(1, OverlayConstants.FULL);
        }
        assertThat(members.stream().mapToInt(m -> m.neighbors("room").size()).sum()).isGreaterThan(2 * (12 - 1));
        members.get(5).broadcast("room", "chat", TextNode.valueOf("hello"));
        net.clock.advance(1_000);
        for (Overlay m : members) {
            List<String> got = rec.get(name(m)).messages;
            if (m == members.get(5)) {
                assertThat(got).isEmpty();
            } else {
                assertThat(got).as(m.self().id()).containsExactly("room|p5|chat|\"hello\"");
            }
        }
    }

    @Test
    void fiftyPeersOnFiveNodesEachGetEveryBroadcastOnce() throws Exception {
        node("n0");
        for (int i = 1; i < 5; i++) {
            node("n" + i, "n" + (i - 1));
        }
        List<Overlay> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Overlay m = browser("p" + i, "n" + (i % 5));
            members.add(m);
        }
        net.clock.advance(100);
        for (Overlay m : members) {
            m.join("crowd");
            net.clock.advance(200);
        }
        net.clock.advance(30_000);
        for (int k = 0; k < 5; k++) {
            members.get(k * 10).broadcast("crowd", "chat", TextNode.valueOf("m" + k));
        }
        net.clock.advance(2_000);
        for (Overlay m : members) {
            List<String> got = rec.get(name(m)).messages;
            int own = name(m).matches("p[1-4]?0") ? 1 : 0;
            assertThat(got).as(m.self().id()).hasSize(5 - own).doesNotHaveDuplicates();
            assertThat(m.linkedPeers().size()).isLessThanOrEqualTo(OverlayConstants.PEER_MAX_LINKS);
        }
    }

    @Test
    void aGroupSurvivesTheLossOfANodeAndNoMessageAfterTheHealIsLost() throws Exception {
        node("n1");
        node("n2", "n1");
        List<Overlay> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(browser("p" + i, i < 3 ? "n1" : "n2"));
        }
        net.clock.advance(100);
        for (Overlay m : members) {
            join(m, "room");
        }
        net.clock.advance(15_000);
        net.kill("n1");
        net.clock.advance(15_000);
        members.get(0).broadcast("room", "chat", TextNode.valueOf("after"));
        net.clock.advance(1_000);
        for (Overlay m : members.subList(1, 6)) {
            assertThat(rec.get(name(m)).messages).as(m.self().id()).containsExactly("room|p0|chat|\"after\"");
        }
    }

    @Test
    void aSignalThatCannotGoOnIsRejectedToItsOriginNotLeftToTimeOut() {
        Overlay n1 = node("n1");
        Overlay alice = browser("alice", "n1");
        net.clock.advance(100);
        CompletableFuture<PeerInfo> f = alice.connect(new PeerInfo(net.id("ghost"), PeerKind.BROWSER, null),
                List.of(net.id("n1"), net.id("ghost")));
        net.clock.advance(50);
        assertThat(f).isCompletedExceptionally();
        assertThat(f.handle((ok, err) -> ((OverlayException) (err.getCause() != null ? err.getCause() : err)).code().name()).join()).isEqualTo("ROUTE_BROKEN");
        assertThat(n1.linkedPeers()).hasSize(1);
    }

    @Test
    void aFullMemberRefusesJoinsAndIsNotOfferedByRoutes() {
        node("n1");
        Overlay host = browser("host", "n1");
        net.clock.advance(100);
        join(host, "g");
        List<Overlay> others = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            Overlay p = browser("q" + i, "n1");
            others.add(p);
        }
        net.clock.advance(100);
        for (Overlay p : others) {
            p.join("g");
            net.clock.advance(300);
        }
        net.clock.advance(3_000);
        assertThat(host.neighbors("g").size()).isLessThanOrEqualTo(OverlayConstants.FULL);
        for (Overlay p : others) {
            assertThat(p.isMember("g")).isTrue();
        }
    }

    @Test
    void malformedMessagesAreAnsweredAndNeverCrashThePeer() {
        Overlay n1 = node("n1");
        RecordingLink fake = new RecordingLink();
        n1.linkOpened(fake);
        n1.received(fake, "{\"type\":\"join\",\"id\":\"x\",\"group\":\"g\"}");
        assertThat(fake.got).anyMatch(s -> s.contains("HELLO_REQUIRED")).contains("CLOSED");
        RecordingLink fake2 = new RecordingLink();
        List<String> got = fake2.got;
        n1.linkOpened(fake2);
        Identity zed = Identity.forName("zed");
        n1.received(fake2, RecordingLink.hello(zed));
        assertThat(got).anyMatch(t -> t.contains("\"type\":\"auth\""));
        n1.received(fake2, RecordingLink.auth(zed.sign(Signatures.authText(fake2.nonce(), zed.id(), n1.self().id()))));
        n1.received(fake2, "{oops");
        n1.received(fake2, "{\"type\":\"bcast\",\"id\":\"m\",\"from\":\"" + zed.id() + "\",\"group\":\"/\",\"body\":{\"term\":\"t\"}}");
        n1.received(fake2, "{\"type\":\"members\",\"id\":\"m2\",\"group\":\"nogroup\"}");
        assertThat(got).anyMatch(s -> s.contains("\"type\":\"hello\""));
        assertThat(got).anyMatch(s -> s.contains("INVALID_JSON"));
        assertThat(got).anyMatch(s -> s.contains("NOT_IN_GROUP") && s.contains("\"re\":\"m2\""));
        assertThat(got).doesNotContain("CLOSED");
        for (int i = 0; i < 1000; i++) {
            n1.received(fake2, "{\"type\":\"leave\",\"group\":\"g\"}");
        }
        assertThat(got).anyMatch(s -> s.contains("RATE_LIMITED")).contains("CLOSED");
    }
}
