package dev.weft.node.overlay;

import dev.weft.node.NodeConfig;
import dev.weft.node.cli.FeatureOptions;
import dev.weft.overlay.EnvelopeCodec;
import dev.weft.overlay.Identity;
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

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "The node's Ed25519 key (PKCS#8 PEM), created with mode 0600 if missing: keeps the node's id across restarts. Default: a fresh key per start.")
    Path keyFile;

    @Option(names = "--overlay-ids-per-address", paramLabel = "N",
            description = "Peer ids linked from one IP address before they share a score penalty (anti-Sybil). Default: 4.")
    int idsPerAddress = dev.weft.overlay.OverlayConstants.ADDRESS_THRESHOLD;

    @Option(names = "--overlay-links-per-address", paramLabel = "N",
            description = "Overlay links accepted from one IP address. Default: 64.")
    int linksPerAddress = dev.weft.overlay.OverlayConstants.MAX_LINKS_PER_ADDRESS;

    @Option(names = "--overlay-ban-addresses", paramLabel = "BOOL", arity = "1",
            description = "Whether a ban also refuses the banned peer's IP address for 10 minutes. Default: true.")
    boolean banAddresses = true;

    @Override
    public void contribute(NodeConfig.Builder builder) {
        if (idsPerAddress < 1 || linksPerAddress < 1) {
            throw new IllegalArgumentException("--overlay-ids-per-address and --overlay-links-per-address must be >= 1");
        }
        List<String> urls = new ArrayList<>();
        for (String p : peers) {
            urls.add(normalize(p, "--peer"));
        }
        String self = publicUrl == null ? null : normalize(publicUrl, "--overlay-url");
        Identity identity = keyFile == null ? null : NodeKeyFile.loadOrCreate(keyFile);
        builder.extension(OverlaySettings.class, new OverlaySettings(urls, self, knownNodes, identity,
                idsPerAddress, linksPerAddress, banAddresses));
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
