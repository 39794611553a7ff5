package dev.weft.overlay;

import static dev.weft.overlay.RecordingLink.auth;
import static dev.weft.overlay.RecordingLink.hello;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.overlay.testing.MemoryNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anti-Sybil rules on a node (docs/overlay.md, "Peer scoring"): ids linked from one remote address share a
 * colocation penalty, links per address are capped, and a failed auth bans the address. Links here are
 * in-memory with documentation addresses (RFC 5737), so no traffic leaves the process; loopback addresses are
 * exempt by design and would not show these rules.
 */
class AddressScoringTest {
    private static final String CROWDED = "203.0.113.7";
    private static final String ALONE = "198.51.100.2";

    private final MemoryNetwork net = new MemoryNetwork(11);
    private final Overlay node = net.add("n1", PeerKind.NODE, List.of(), new OverlayListener() { });

    @Test
    void linksBeyondThePerAddressCapAreRefusedWhileOtherAddressesGetIn() {
        List<RecordingLink> crowd = new ArrayList<>();
        for (int i = 0; i < OverlayConstants.MAX_LINKS_PER_ADDRESS; i++) {
            RecordingLink l = new RecordingLink(CROWDED);
            node.linkOpened(l);
            crowd.add(l);
        }
        assertThat(crowd).allMatch(l -> !l.closed());
        RecordingLink oneMore = new RecordingLink(CROWDED);
        node.linkOpened(oneMore);
        assertThat(oneMore.got).anyMatch(t -> t.contains("OVERLAY_FULL"));
        assertThat(oneMore.closed()).isTrue();

        RecordingLink other = authenticated(ALONE, "other");
        assertThat(other.closed()).isFalse();
        assertThat(node.linkedPeers()).extracting(PeerInfo::id).containsExactly(Identity.forName("other").id());
    }

    @Test
    void idsFromOneAddressShareAPenaltySoTheyAreBannedSooner() {
        // Six ids from one address: two over the threshold of 4, so each carries (6 - 4)^2 * 10 = 40 points.
        List<RecordingLink> crowd = new ArrayList<>();
        for (int i = 0; i < OverlayConstants.ADDRESS_THRESHOLD + 2; i++) {
            crowd.add(authenticated(CROWDED, "sybil" + i));
        }
        RecordingLink loner = authenticated(ALONE, "loner");
        assertThat(node.linkedPeers()).hasSize(crowd.size() + 1);

        // Seven malformed messages each (-70): below -100 with the colocation penalty, not without it.
        for (int i = 0; i < 7; i++) {
            node.received(crowd.get(0), "{not json");
            node.received(loner, "{not json");
        }
        assertThat(crowd.get(0).got).anyMatch(t -> t.contains("BANNED"));
        assertThat(crowd.get(0).closed()).isTrue();
        assertThat(loner.closed()).as("the same misbehaviour from an address of its own").isFalse();
        assertThat(node.linkedPeers()).extracting(PeerInfo::id).contains(Identity.forName("loner").id());
    }

    @Test
    void aFailedAuthBansTheAddressForTenMinutes() {
        RecordingLink liar = new RecordingLink(CROWDED);
        node.linkOpened(liar);
        Identity alice = Identity.forName("alice");
        Identity mallory = Identity.forName("mallory");
        node.received(liar, hello(alice));
        node.received(liar, auth(mallory.sign(Signatures.authText(liar.nonce(), alice.id(), node.self().id()))));
        assertThat(liar.got).anyMatch(t -> t.contains("AUTH_FAILED"));

        RecordingLink again = new RecordingLink(CROWDED);
        node.linkOpened(again);
        assertThat(again.got).anyMatch(t -> t.contains("BANNED"));
        assertThat(again.closed()).isTrue();
        assertThat(authenticated(ALONE, "alice").closed()).as("alice from another address").isFalse();

        net.clock.advance(OverlayConstants.BAN_MS + 1);
        assertThat(authenticated(CROWDED, "bob").closed()).as("after the ban").isFalse();
    }

    private RecordingLink authenticated(String address, String name) {
        Identity id = Identity.forName(name);
        RecordingLink l = new RecordingLink(address);
        node.linkOpened(l);
        node.received(l, hello(id));
        node.received(l, auth(id.sign(Signatures.authText(l.nonce(), id.id(), node.self().id()))));
        return l;
    }
}
