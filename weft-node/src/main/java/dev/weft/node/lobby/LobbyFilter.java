package dev.weft.node.lobby;

/**
 * Which entries a list or a watch wants: by {@code mode} and/or {@code map}; null means any.
 */
public record LobbyFilter(String mode, String map) {
    public static final LobbyFilter ALL = new LobbyFilter(null, null);

    public boolean matches(LobbyEntry e) {
        return (mode == null || mode.equals(e.mode())) && (map == null || map.equals(e.map()));
    }
}
