package dev.weft.node.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;

/**
 * Cluster mode ({@code --cluster redis://host:port}): installs the {@link RedisDirectory} as the node's
 * {@code PeerDirectory}, so ids are unique across every node sharing the Redis and messages reach ids on
 * other nodes. Must start before the features that register ids. See docs/cluster.md.
 */
public final class ClusterFeature implements NodeFeature {
    private RedisDirectory directory;

    @Override
    public void start(NodeContext context) {
        ClusterSettings settings = context.config().extension(ClusterSettings.class).orElse(null);
        if (settings == null) {
            return;
        }
        directory = new RedisDirectory(settings);
        directory.start();
        context.signaling().useDirectory(directory);
    }

    @Override
    public void health(ObjectNode body) {
        if (directory != null) {
            ObjectNode c = body.putObject("cluster");
            c.put("node", directory.node());
            c.put("redis", directory.available() ? "up" : "down");
            c.put("leasedIds", directory.heldIds());
        }
    }

    @Override
    public boolean healthy() {
        return directory == null || directory.available();
    }

    @Override
    public void close() {
        if (directory != null) {
            directory.close();
        }
    }
}
