package dev.weft.node.overlay;

import java.nio.file.Path;
import java.util.List;

/**
 * The overlay feature's settings ({@code --peer}, {@code --overlay-url}, {@code --known-nodes}).
 *
 * @param peers      node overlay URLs to join at start (ws://host:port/overlay)
 * @param publicUrl  this node's overlay URL as others reach it; null: ws://HOST:PORT/overlay
 * @param knownNodes file where the known node URLs are kept across restarts; null: not kept
 */
public record OverlaySettings(List<String> peers, String publicUrl, Path knownNodes) {
    public OverlaySettings {
        peers = List.copyOf(peers);
    }

    public static OverlaySettings defaults() {
        return new OverlaySettings(List.of(), null, null);
    }
}
