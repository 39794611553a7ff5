package dev.weft.node.lobby;

import java.time.Duration;

/**
 * The lobby's settings (flags {@code --lobby-ttl}, {@code --lobby-max-per-peer}, {@code --lobby-max-entries}).
 *
 * @param ttl        how long an entry lives without a heartbeat from its host
 * @param maxPerPeer entries one peer id may publish at once
 * @param maxEntries entries the lobby holds in all
 * @param leaveGrace how long the entries of a closed socket wait for their host to refresh them from another
 *                   socket (a reconnect) before they are removed
 */
public record LobbySettings(Duration ttl, int maxPerPeer, int maxEntries, Duration leaveGrace) {
    public static final LobbySettings DEFAULTS = new LobbySettings(Duration.ofSeconds(15), 4, 10_000);

    /** With the default leave grace of 1 s. */
    public LobbySettings(Duration ttl, int maxPerPeer, int maxEntries) {
        this(ttl, maxPerPeer, maxEntries, Duration.ofSeconds(1));
    }

    public LobbySettings {
        if (ttl.compareTo(Duration.ofMillis(500)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lobby TTL must be 500ms - 1h");
        }
        if (maxPerPeer < 1 || maxPerPeer > 1000) {
            throw new IllegalArgumentException("lobby max entries per peer must be 1-1000");
        }
        if (maxEntries < 1 || maxEntries > 1_000_000) {
            throw new IllegalArgumentException("lobby max entries must be 1-1000000");
        }
        if (leaveGrace.isNegative() || leaveGrace.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("lobby leave grace must be 0-1m");
        }
    }

    /** How often expired entries are swept: a quarter of the TTL, between 100 ms and 1 s. */
    public Duration sweepEvery() {
        long ms = Math.max(100, Math.min(1000, ttl.toMillis() / 4));
        return Duration.ofMillis(ms);
    }
}
