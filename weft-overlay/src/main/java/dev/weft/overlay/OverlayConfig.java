package dev.weft.overlay;

import java.util.List;
import java.util.Objects;

/**
 * A peer's overlay settings.
 *
 * @param self             who this peer is (a node gives its public overlay URL); its id is {@code identity}'s
 * @param identity         the peer's Ed25519 key pair
 * @param bootstrap        node URLs to try first (a node's {@code --peer}s; a client's bootstrap nodes)
 * @param maxLinks         links this peer keeps at most
 * @param groupFull        neighbours per group at which join requests are refused
 * @param addressThreshold ids linked from one remote address before the colocation penalty starts
 * @param maxLinksPerAddress links accepted from one remote address (nodes; transports that know the address)
 * @param banAddresses     whether a ban also refuses the banned peer's remote address
 */
public record OverlayConfig(PeerInfo self, Identity identity, List<String> bootstrap, int maxLinks, int groupFull,
                            int addressThreshold, int maxLinksPerAddress, boolean banAddresses) {
    public OverlayConfig {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(identity, "identity");
        if (!self.id().equals(identity.id())) {
            throw new IllegalArgumentException("the peer id must be the identity's id");
        }
        bootstrap = List.copyOf(bootstrap);
        if (maxLinks < 1 || groupFull < OverlayConstants.HIGH_WATER || addressThreshold < 1 || maxLinksPerAddress < 1) {
            throw new IllegalArgumentException("maxLinks must be >= 1 and groupFull >= the high water mark");
        }
    }

    /** The defaults for a peer of this kind: a node's full mark is 100, anyone else's 10. */
    public static OverlayConfig forPeer(Identity identity, PeerKind kind, String url, List<String> bootstrap) {
        boolean node = kind == PeerKind.NODE;
        return new OverlayConfig(new PeerInfo(identity.id(), kind, url), identity, bootstrap,
                node ? OverlayConstants.NODE_MAX_LINKS : OverlayConstants.PEER_MAX_LINKS,
                node ? OverlayConstants.NODE_FULL : OverlayConstants.FULL,
                OverlayConstants.ADDRESS_THRESHOLD, OverlayConstants.MAX_LINKS_PER_ADDRESS, true);
    }

    public OverlayConfig withAddressLimits(int threshold, int maxPerAddress, boolean ban) {
        return new OverlayConfig(self, identity, bootstrap, maxLinks, groupFull, threshold, maxPerAddress, ban);
    }
}
