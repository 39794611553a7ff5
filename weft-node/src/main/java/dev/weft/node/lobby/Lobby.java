package dev.weft.node.lobby;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The master server of seed 004: hosts publish entries and keep them alive by heartbeat; only an entry's host
 * may change or remove it; entries expire after the TTL without a heartbeat. Independent of transport: the
 * socket and HTTP faces call it and turn its {@link ProtocolException}s into protocol errors. Thread-safe
 * (the store is).
 */
public final class Lobby {
    private static final int CAS_ATTEMPTS = 8;
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final LobbyStore store;
    private final LobbySettings settings;
    private final LongSupplier clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    public Lobby(LobbyStore store, LobbySettings settings, LongSupplier clock, ObjectMapper json) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    public LobbySettings settings() {
        return settings;
    }

    public LobbyStore store() {
        return store;
    }

    /** Publishes a new entry for {@code host}. Throws INVALID_MESSAGE or LOBBY_LIMIT. */
    public LobbyEntry publish(String host, JsonNode fields) throws ProtocolException {
        LobbyRules.Fields f = LobbyRules.read(fields, true, json);
        int players = f.players() == null ? 0 : f.players();
        LobbyRules.checkConsistent(players, f.maxPlayers());
        long now = clock.getAsLong();
        LobbyEntry entry = new LobbyEntry(newId(), f.name(), f.map(), f.mode(), players, f.maxPlayers(),
                f.region() == null ? "" : f.region(), host, f.info(), now, now + settings.ttl().toMillis(), 0);
        switch (store.insert(entry, settings.maxPerPeer(), settings.maxEntries())) {
            case HOST_LIMIT:
                throw new ProtocolException(ErrorCode.LOBBY_LIMIT, "a peer may publish at most "
                        + settings.maxPerPeer() + " lobby entries at once; remove one first");
            case STORE_FULL:
                throw new ProtocolException(ErrorCode.LOBBY_LIMIT, "the lobby is full ("
                        + settings.maxEntries() + " entries); try again later");
            default:
                return entry;
        }
    }

    /**
     * Changes the given fields of {@code host}'s entry and refreshes its TTL; with no fields it is only a
     * heartbeat. Throws INVALID_MESSAGE, LOBBY_NOT_FOUND or LOBBY_NOT_OWNER.
     */
    public LobbyEntry update(String host, String id, JsonNode fields) throws ProtocolException {
        LobbyRules.Fields f = LobbyRules.read(fields, false, json);
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            LobbyEntry old = owned(host, id);
            long now = clock.getAsLong();
            int players = f.players() == null ? old.players() : f.players();
            int maxPlayers = f.maxPlayers() == null ? old.maxPlayers() : f.maxPlayers();
            LobbyRules.checkConsistent(players, maxPlayers);
            LobbyEntry merged = new LobbyEntry(id, or(f.name(), old.name()), or(f.map(), old.map()),
                    or(f.mode(), old.mode()), players, maxPlayers, or(f.region(), old.region()), old.host(),
                    f.hasInfo() ? f.info() : old.info(), old.updated(), now + settings.ttl().toMillis(),
                    old.version() + 1);
            if (!merged.sameContent(old)) {
                merged = new LobbyEntry(merged.id(), merged.name(), merged.map(), merged.mode(), merged.players(),
                        merged.maxPlayers(), merged.region(), merged.host(), merged.info(), now, merged.expiresAt(),
                        merged.version());
            }
            if (store.replace(old, merged)) {
                return merged;
            }
        }
        throw new ProtocolException(ErrorCode.INTERNAL_ERROR, "the entry kept changing; try again");
    }

    /** Removes {@code host}'s entry. Throws LOBBY_NOT_FOUND or LOBBY_NOT_OWNER. */
    public LobbyEntry remove(String host, String id) throws ProtocolException {
        owned(host, id);
        return store.remove(id, "removed").orElseThrow(() -> notFound(id));
    }

    /** Removes an entry whose host's socket closed (no ownership check: the node knows whose it was). */
    public void hostLeft(String id) {
        try {
            store.remove(id, "host-left");
        } catch (LobbyUnavailableException e) {
            // a shared store out of reach: the entry expires with its TTL instead
        }
    }

    public List<LobbyEntry> list(LobbyFilter filter) {
        return store.list(filter);
    }

    /** Drops the entries whose TTL ran out; the store tells the watchers. */
    public void sweep() {
        store.expire(clock.getAsLong());
    }

    private LobbyEntry owned(String host, String id) throws ProtocolException {
        if (id == null || !LobbyRules.ENTRY_ID.matcher(id).matches()) {
            throw LobbyRules.invalid("id must be a lobby entry id (12 characters of [a-z0-9])");
        }
        LobbyEntry e = store.get(id).orElseThrow(() -> notFound(id));
        if (!e.host().equals(host)) {
            throw new ProtocolException(ErrorCode.LOBBY_NOT_OWNER, "lobby entry " + id + " belongs to another peer");
        }
        return e;
    }

    private static ProtocolException notFound(String id) {
        return new ProtocolException(ErrorCode.LOBBY_NOT_FOUND,
                "no lobby entry " + id + " (removed, or expired without a heartbeat); publish it again");
    }

    private String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
