package dev.weft.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.overlay.testing.MemoryNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DHT against islands: split healing by the census, re-discovery through advertised members. */
class NoIslandsTest {
    private final MemoryNetwork net = new MemoryNetwork(11);
    private final Map<String, Recorder> rec = new HashMap<>();

    private Overlay add(String name, PeerKind kind, String... nodes) {
        Recorder r = new Recorder(net::name);
        rec.put(name, r);
        List<String> boot = new ArrayList<>();
        for (String n : nodes) {
            boot.add(MemoryNetwork.urlOf(n));
        }
        return net.add(name, kind, boot, r);
    }

    private List<Overlay> group(String g, int nodes, int browsers) {
        add("n0", PeerKind.NODE);
        for (int i = 1; i < nodes; i++) {
            add("n" + i, PeerKind.NODE, "n" + (i - 1));
        }
        List<Overlay> members = new ArrayList<>();
        for (int i = 0; i < browsers; i++) {
            members.add(add("p" + i, PeerKind.BROWSER, "n" + (i % nodes)));
        }
        net.clock.advance(2_000);
        for (Overlay m : members) {
            m.join(g);
            net.clock.advance(200);
        }
        net.clock.advance(30_000);
        return members;
    }

    private void assertAllGet(List<Overlay> members, Overlay from, String text) throws Exception {
        from.broadcast("room", "chat", TextNode.valueOf(text));
        net.clock.advance(3_000);
        String origin = net.name(from.self().id());
        for (Overlay m : members) {
            if (m != from) {
                assertThat(rec.get(net.name(m.self().id())).messages).as(net.name(m.self().id()))
                        .contains("room|" + origin + "|chat|\"" + text + "\"");
            }
        }
    }

    private static int totalRepairs(List<Overlay> members) {
        int n = 0;
        for (Overlay m : members) {
            GroupState gs = m.groups.state("room");
            if (gs != null) {
                n += gs.rediscovered + gs.advertLinks;
            }
        }
        return n;
    }

    @Test
    void aGroupSplitOnPurposeHealsByItself() throws Exception {
        List<Overlay> members = group("room", 3, 24);
        assertThat(Islands.count(members, "room")).isEqualTo(1);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            (i % 2 == 0 ? a : b).add(members.get(i).self().id());
        }
        assertThat(net.cut(a, b)).isPositive();
        net.clock.advance(50);
        assertThat(Islands.count(members, "room")).isGreaterThan(1); // the halves (and parts of them) are cut off
        net.clock.advance(40_000); // census silence 25 s + jitter + links
        assertThat(Islands.count(members, "room")).isEqualTo(1);
        assertAllGet(members, members.get(0), "healed");
        assertAllGet(members, members.get(1), "both ways");
    }

    @Test
    void aPeerWhoseNeighboursAllLeaveFindsMembersThroughTheDht() throws Exception {
        List<Overlay> members = group("room", 3, 15);
        Overlay x = members.get(7);
        List<String> gone = x.neighbors("room");
        assertThat(gone).isNotEmpty();
        for (String n : gone) {
            net.kill(net.name(n));
        }
        net.clock.advance(50);
        assertThat(x.neighbors("room")).isEmpty();
        net.clock.advance(10_000);
        assertThat(x.neighbors("room")).isNotEmpty();
        GroupState s = x.groups.state("room");
        // x (or a member that lost the same neighbours, repairing by a random advert) linked through the DHT's
        // adverts; which of the two acted first depends on the tick order, so the test checks that x holds
        // fresh adverts and is back, not which side dialed.
        assertThat(s.records).as("adverts fetched from the DHT").isNotEmpty();
        assertThat(s.rediscovered + totalRepairs(members)).as("links made from DHT adverts").isPositive();
        List<Overlay> alive = members.stream().filter(m -> !m.closed()).toList();
        assertThat(Islands.count(alive, "room")).isEqualTo(1);
        assertAllGet(alive, x, "back");
    }
}
