package dev.weft.node.overlay;

import dev.weft.node.NodeConfig;
import dev.weft.node.cli.FeatureOptions;
import dev.weft.overlay.EnvelopeCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The overlay's flags. */
public final class OverlayOptions implements FeatureOptions {
    @Option(names = "--peer", paramLabel = "URL",
            description = "Join the network of another node, repeatable: ws://host:port (the /overlay path is added when missing). Default: none.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--overlay-url", paramLabel = "URL",
            description = "This node's overlay URL as other nodes and browsers reach it. Default: ws://HOST:PORT/overlay.")
    String publicUrl;

    @Option(names = "--known-nodes", paramLabel = "FILE",
            description = "Keep the node URLs this node learns in FILE (one per line) across restarts. Default: not kept.")
    Path knownNodes;

    @Override
    public void contribute(NodeConfig.Builder builder) {
        List<String> urls = new ArrayList<>();
        for (String p : peers) {
            urls.add(normalize(p, "--peer"));
        }
        String self = publicUrl == null ? null : normalize(publicUrl, "--overlay-url");
        builder.extension(OverlaySettings.class, new OverlaySettings(urls, self, knownNodes));
    }

    /** Adds /overlay to a bare ws://host:port and checks the URL. */
    static String normalize(String url, String flag) {
        String u = url.trim();
        if (u.matches("wss?://[^/]+/?")) {
            u = u.replaceAll("/$", "") + "/overlay";
        }
        if (!EnvelopeCodec.isValidUrl(u)) {
            throw new IllegalArgumentException(flag + " must be a ws:// or wss:// URL, got: " + url);
        }
        return u;
    }
}
