package dev.weft.node.lobby;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One game server in the lobby (seed 004's master server list): what its host publishes, plus what the node
 * adds ({@code id}, {@code host}, times). Immutable; a change makes a new entry with a higher {@code version}.
 *
 * @param id         the node-assigned entry id (12 characters of [a-z0-9])
 * @param name       server name shown to players
 * @param map        map name
 * @param mode       game mode (e.g. dm, ctf, tdm, lms, lts)
 * @param players    players in the game now
 * @param maxPlayers player slots
 * @param region     free text such as a continent, may be empty
 * @param host       the registered peer id of the publisher: players connect to it
 * @param info       free-form JSON object of the game's own (size-limited), or null
 * @param updated    epoch millis of the last change
 * @param expiresAt  epoch millis after which the entry is dropped unless its host refreshes it
 * @param version    incremented on each stored change (compare-and-set in {@link LobbyStore#replace})
 */
public record LobbyEntry(String id, String name, String map, String mode, int players, int maxPlayers,
                         String region, String host, ObjectNode info, long updated, long expiresAt, long version) {

    /** Whether what clients see differs (ignores the expiry and the version). */
    boolean sameContent(LobbyEntry o) {
        return name.equals(o.name) && map.equals(o.map) && mode.equals(o.mode) && players == o.players
                && maxPlayers == o.maxPlayers && region.equals(o.region) && host.equals(o.host)
                && java.util.Objects.equals(info, o.info);
    }

    /** The public JSON form: {@code {"id","name","map","mode","players","maxPlayers","region","host","info","updated"}}. */
    public ObjectNode toJson(ObjectNode out) {
        out.put("id", id);
        out.put("name", name);
        out.put("map", map);
        out.put("mode", mode);
        out.put("players", players);
        out.put("maxPlayers", maxPlayers);
        out.put("region", region);
        out.put("host", host);
        if (info == null) {
            out.putNull("info");
        } else {
            out.set("info", info.deepCopy());
        }
        out.put("updated", updated);
        return out;
    }
}
