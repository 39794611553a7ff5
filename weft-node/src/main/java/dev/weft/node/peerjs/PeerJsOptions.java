package dev.weft.node.peerjs;

import dev.weft.node.NodeConfig;
import dev.weft.node.cli.DurationConverter;
import dev.weft.node.cli.FeatureOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of the PeerJS-compatible endpoint (a picocli mixin of {@code NodeCommand}). */
public final class PeerJsOptions implements FeatureOptions {
    @Option(names = "--no-peerjs", description = "Do not serve the PeerJS-compatible endpoint (/peerjs).")
    boolean disabled;

    @Option(names = "--peerjs-key", paramLabel = "KEY", description = "API key PeerJS clients must send. Default: peerjs.")
    String key = PeerJsSettings.DEFAULTS.key();

    @Option(names = "--peerjs-expire-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Messages for a PeerJS peer that is not connected wait this long, then the sender gets EXPIRE. Default: 5s.")
    Duration expireTimeout = PeerJsSettings.DEFAULTS.expireTimeout();

    @Option(names = "--peerjs-alive-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Disconnect a PeerJS client that sent no HEARTBEAT for this long. Default: 90s.")
    Duration aliveTimeout = PeerJsSettings.DEFAULTS.aliveTimeout();

    @Option(names = "--peerjs-concurrent-limit", paramLabel = "N",
            description = "PeerJS clients connected at once on this node. Default: 5000.")
    int concurrentLimit = PeerJsSettings.DEFAULTS.concurrentLimit();

    @Option(names = "--peerjs-discovery", description = "Serve GET /<key>/peers (the list of connected PeerJS ids).")
    boolean discovery;

    @Override
    public void contribute(NodeConfig.Builder builder) {
        builder.extension(PeerJsSettings.class, new PeerJsSettings(!disabled, key, expireTimeout, aliveTimeout,
                concurrentLimit, discovery, PeerJsSettings.DEFAULTS.cleanupInterval()));
    }
}
