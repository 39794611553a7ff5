package dev.weft.node.cluster;

import dev.weft.node.NodeConfig;
import dev.weft.node.cli.DurationConverter;
import dev.weft.node.cli.FeatureOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of cluster mode (a picocli mixin of {@code NodeCommand}). Without {@code --cluster} the node is alone. */
public final class ClusterOptions implements FeatureOptions {
    @Option(names = "--cluster", paramLabel = "URI",
            description = "Join a cluster of nodes sharing this Redis: redis://host:port. Default: none (a single node).")
    String redis;

    @Option(names = "--node-id", paramLabel = "NAME",
            description = "This node's name in the cluster. Default: random per start.")
    String nodeId;

    @Option(names = "--cluster-lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a dead node's registrations survive it (renewed every third). Default: 15s.")
    Duration lease = ClusterSettings.DEFAULT_LEASE;

    @Override
    public void contribute(NodeConfig.Builder builder) {
        if (redis == null) {
            if (nodeId != null) {
                throw new IllegalArgumentException("--node-id needs --cluster");
            }
            return;
        }
        URI uri;
        try {
            uri = new URI(redis);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cluster must be redis://host:port, not " + redis);
        }
        builder.extension(ClusterSettings.class, new ClusterSettings(uri,
                nodeId == null ? ClusterSettings.randomNodeId() : nodeId, lease));
    }
}
