package dev.weft.node.peerjs;

import java.time.Duration;

/**
 * Settings of the PeerJS-compatible endpoint; the defaults are PeerServer 1.0.2's ({@code src/config/index.ts}).
 *
 * @param enabled         serve the endpoint at all
 * @param key             the API key clients must send ({@code key: 'peerjs'} is the client's default)
 * @param expireTimeout   how long messages wait for a destination that is not connected before the sender
 *                        gets EXPIRE
 * @param aliveTimeout    a client that sent no HEARTBEAT for this long is disconnected
 * @param concurrentLimit clients registered at once on this node; more get ERROR and are closed
 * @param allowDiscovery  serve {@code GET /{key}/peers} (401 otherwise)
 * @param cleanupInterval how often queued messages are checked for expiry ({@code cleanup_out_msgs})
 */
public record PeerJsSettings(boolean enabled, String key, Duration expireTimeout, Duration aliveTimeout,
                             int concurrentLimit, boolean allowDiscovery, Duration cleanupInterval) {

    public static final PeerJsSettings DEFAULTS = new PeerJsSettings(true, "peerjs", Duration.ofSeconds(5),
            Duration.ofSeconds(90), 5000, false, Duration.ofSeconds(1));

    public PeerJsSettings {
        if (key == null || !key.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("PeerJS key must be 1-64 characters of [A-Za-z0-9_-]");
        }
        if (expireTimeout.toMillis() < 1 || aliveTimeout.toMillis() < 1 || cleanupInterval.toMillis() < 1) {
            throw new IllegalArgumentException("PeerJS timeouts must be positive");
        }
        if (concurrentLimit < 1) {
            throw new IllegalArgumentException("PeerJS concurrent limit must be at least 1");
        }
    }

    public PeerJsSettings withKey(String k) {
        return new PeerJsSettings(enabled, k, expireTimeout, aliveTimeout, concurrentLimit, allowDiscovery,
                cleanupInterval);
    }

    public PeerJsSettings withTimeouts(Duration expire, Duration alive, Duration cleanup) {
        return new PeerJsSettings(enabled, key, expire, alive, concurrentLimit, allowDiscovery, cleanup);
    }

    public PeerJsSettings withConcurrentLimit(int n) {
        return new PeerJsSettings(enabled, key, expireTimeout, aliveTimeout, n, allowDiscovery, cleanupInterval);
    }

    public PeerJsSettings withDiscovery(boolean on) {
        return new PeerJsSettings(enabled, key, expireTimeout, aliveTimeout, concurrentLimit, on, cleanupInterval);
    }
}
