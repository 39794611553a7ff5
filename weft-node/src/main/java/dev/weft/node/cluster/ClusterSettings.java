package dev.weft.node.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * Cluster mode: the Redis every node of the cluster shares, this node's name in it, and the lease on its
 * registrations (renewed every third of it; a dead node's ids free themselves when it runs out).
 *
 * @param redis  {@code redis://host:port} (optionally {@code redis://:password@host:port/db})
 * @param nodeId this node's name in keys and channels; unique per running node
 * @param lease  how long a registration outlives its node's last renewal
 */
public record ClusterSettings(URI redis, String nodeId, Duration lease) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    public ClusterSettings {
        if (redis == null || !("redis".equals(redis.getScheme())) || redis.getHost() == null) {
            throw new IllegalArgumentException("--cluster must be redis://host:port");
        }
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("node id must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        if (lease.toMillis() < 1000 || lease.toMillis() > 3_600_000) {
            throw new IllegalArgumentException("cluster lease must be 1s-1h");
        }
    }

    /** A random node id: a restarted node never mistakes its predecessor's leases for its own. */
    public static String randomNodeId() {
        return "n-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
