package dev.weft.overlay;

import java.util.List;
import java.util.Objects;

/**
 * A peer's overlay settings.
 *
 * @param self      who this peer is (a node gives its public overlay URL)
 * @param bootstrap node URLs to try first (a node's {@code --peer}s; a client's bootstrap nodes)
 * @param maxLinks  links this peer keeps at most
 * @param groupFull neighbours per group at which join requests are refused
 */
public record OverlayConfig(PeerInfo self, List<String> bootstrap, int maxLinks, int groupFull) {
    public OverlayConfig {
        Objects.requireNonNull(self, "self");
        bootstrap = List.copyOf(bootstrap);
        if (maxLinks < 1 || groupFull < OverlayConstants.HIGH_WATER) {
            throw new IllegalArgumentException("maxLinks must be >= 1 and groupFull >= the high water mark");
        }
    }

    /** The defaults for a peer of this kind: a node's full mark is 100, anyone else's 10. */
    public static OverlayConfig forPeer(PeerInfo self, List<String> bootstrap) {
        boolean node = self.kind() == PeerKind.NODE;
        return new OverlayConfig(self, bootstrap,
                node ? OverlayConstants.NODE_MAX_LINKS : OverlayConstants.PEER_MAX_LINKS,
                node ? OverlayConstants.NODE_FULL : OverlayConstants.FULL);
    }
}
