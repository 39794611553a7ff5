package dev.weft.node.overlay;

import dev.weft.overlay.Identity;
import dev.weft.overlay.OverlayConstants;
import java.nio.file.Path;
import java.util.List;

/**
 * The overlay feature's settings ({@code --peer}, {@code --overlay-url}, {@code --known-nodes}, {@code --key-file},
 * {@code --overlay-ids-per-address}, {@code --overlay-links-per-address}, {@code --overlay-ban-addresses}).
 *
 * @param peers      node overlay URLs to join at start (ws://host:port/overlay)
 * @param publicUrl  this node's overlay URL as others reach it; null: ws://HOST:PORT/overlay
 * @param knownNodes file where the known node URLs are kept across restarts; null: not kept
 * @param identity   the node's key pair (from {@code --key-file}); null: a fresh one per start
 * @param idsPerAddress   ids linked from one address before the colocation penalty starts
 * @param linksPerAddress links accepted from one address
 * @param banAddresses    whether bans also refuse the banned peer's address
 */
public record OverlaySettings(List<String> peers, String publicUrl, Path knownNodes, Identity identity,
                              int idsPerAddress, int linksPerAddress, boolean banAddresses) {
    public OverlaySettings {
        peers = List.copyOf(peers);
    }

    public OverlaySettings(List<String> peers, String publicUrl, Path knownNodes) {
        this(peers, publicUrl, knownNodes, null, OverlayConstants.ADDRESS_THRESHOLD,
                OverlayConstants.MAX_LINKS_PER_ADDRESS, true);
    }

    public static OverlaySettings defaults() {
        return new OverlaySettings(List.of(), null, null);
    }

    public OverlaySettings withIdentity(Identity id) {
        return new OverlaySettings(peers, publicUrl, knownNodes, id, idsPerAddress, linksPerAddress, banAddresses);
    }

    public OverlaySettings withAddressLimits(int ids, int links, boolean ban) {
        return new OverlaySettings(peers, publicUrl, knownNodes, identity, ids, links, ban);
    }
}
