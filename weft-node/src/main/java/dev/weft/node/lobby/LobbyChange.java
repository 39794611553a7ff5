package dev.weft.node.lobby;

/**
 * A change in a {@link LobbyStore}, as watchers see it.
 *
 * @param kind   added, updated or removed
 * @param entry  the entry after the change (before it, for a removal)
 * @param before the entry before an update, else null
 * @param reason for a removal: {@code removed} (by its host), {@code expired} (no heartbeat within the TTL),
 *               {@code host-left} (its host's socket closed); else null
 */
public record LobbyChange(Kind kind, LobbyEntry entry, LobbyEntry before, String reason) {
    public enum Kind {
        ADDED, UPDATED, REMOVED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
