package dev.weft.overlay;

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
        List<AddressedLink> crowd = new ArrayList<>();
        for (int i = 0; i < OverlayConstants.MAX_LINKS_PER_ADDRESS; i++) {
            AddressedLink l = new AddressedLink(CROWDED);
            node.linkOpened(l);
            crowd.add(l);
        }
        assertThat(crowd).allMatch(l -> !l.closed());
        AddressedLink oneMore = new AddressedLink(CROWDED);
        node.linkOpened(oneMore);
        assertThat(oneMore.got).anyMatch(t -> t.contains("OVERLAY_FULL"));
        assertThat(oneMore.closed()).isTrue();

        AddressedLink other = authenticated(ALONE, "other");
        assertThat(other.closed()).isFalse();
        assertThat(node.linkedPeers()).extracting(PeerInfo::id).containsExactly(Identity.forName("other").id());
    }

    @Test
    void idsFromOneAddressShareAPenaltySoTheyAreBannedSooner() {
        // Six ids from one address: two over the threshold of 4, so each carries (6 - 4)^2 * 10 = 40 points.
        List<AddressedLink> crowd = new ArrayList<>();
        for (int i = 0; i < OverlayConstants.ADDRESS_THRESHOLD + 2; i++) {
            crowd.add(authenticated(CROWDED, "sybil" + i));
        }
        AddressedLink loner = authenticated(ALONE, "loner");
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
        AddressedLink liar = new AddressedLink(CROWDED);
        node.linkOpened(liar);
        Identity alice = Identity.forName("alice");
        Identity mallory = Identity.forName("mallory");
        node.received(liar, hello(alice));
        node.received(liar, auth(mallory.sign(Signatures.authText(liar.nonce(), alice.id(), node.self().id()))));
        assertThat(liar.got).anyMatch(t -> t.contains("AUTH_FAILED"));

        AddressedLink again = new AddressedLink(CROWDED);
        node.linkOpened(again);
        assertThat(again.got).anyMatch(t -> t.contains("BANNED"));
        assertThat(again.closed()).isTrue();
        assertThat(authenticated(ALONE, "alice").closed()).as("alice from another address").isFalse();

        net.clock.advance(OverlayConstants.BAN_MS + 1);
        assertThat(authenticated(CROWDED, "bob").closed()).as("after the ban").isFalse();
    }

    private AddressedLink authenticated(String address, String name) {
        Identity id = Identity.forName(name);
        AddressedLink l = new AddressedLink(address);
        node.linkOpened(l);
        node.received(l, hello(id));
        node.received(l, auth(id.sign(Signatures.authText(l.nonce(), id.id(), node.self().id()))));
        return l;
    }

    private static String hello(Identity id) {
        return "{\"type\":\"hello\",\"body\":{\"id\":\"" + id.id() + "\",\"kind\":\"browser\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}";
    }

    private static String auth(String sig) {
        return "{\"type\":\"auth\",\"body\":{\"sig\":\"" + sig + "\"}}";
    }

    /** An inbound link whose transport knows the remote address, as a node's WebSocket does. */
    private static final class AddressedLink implements Link {
        final List<String> got = new ArrayList<>();
        private final String address;

        AddressedLink(String address) {
            this.address = address;
        }

        boolean closed() {
            return got.contains("CLOSED");
        }

        String nonce() {
            return got.stream().filter(t -> t.contains("\"type\":\"hello\"")).findFirst().orElseThrow()
                    .replaceAll(".*\"nonce\":\"([^\"]+)\".*", "$1");
        }

        @Override
        public void send(String text) {
            got.add(text);
        }

        @Override
        public void close() {
            got.add("CLOSED");
        }

        @Override
        public boolean outbound() {
            return false;
        }

        @Override
        public String describe() {
            return "inbound " + address;
        }

        @Override
        public String remoteAddress() {
            return address;
        }
    }
}
