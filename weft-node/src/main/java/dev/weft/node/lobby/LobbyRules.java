package dev.weft.node.lobby;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a lobby entry's fields (docs/protocol.md, "Lobby"). Pure: reads JSON, returns values or throws
 * {@link ProtocolException} with {@code INVALID_MESSAGE} and a message naming the field and its rule.
 */
public final class LobbyRules {
    public static final int MAX_NAME = 64;
    public static final int MAX_REGION = 32;
    public static final int MAX_PLAYERS = 1024;
    public static final int MAX_INFO_BYTES = 1024;
    public static final Pattern MAP = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    public static final Pattern MODE = Pattern.compile("[a-z0-9_-]{1,16}");
    public static final Pattern ENTRY_ID = Pattern.compile("[a-z0-9]{12}");

    /** The fields a host may set. */
    static final Set<String> FIELDS = Set.of("name", "map", "mode", "players", "maxPlayers", "region", "info");

    private LobbyRules() {
    }

    /** The fields of a publish or an update, checked one by one; absent fields are absent in the result. */
    record Fields(String name, String map, String mode, Integer players, Integer maxPlayers, String region,
                  ObjectNode info, boolean hasInfo) {
    }

    /**
     * Reads {@code entry}. With {@code complete}, name, map, mode and maxPlayers are required (a publish);
     * otherwise every field is optional (an update).
     */
    static Fields read(JsonNode entry, boolean complete, ObjectMapper json) throws ProtocolException {
        if (entry == null || entry.isNull()) {
            if (complete) {
                throw invalid("entry is required: {name, map, mode, players, maxPlayers, region?, info?}");
            }
            return new Fields(null, null, null, null, null, null, null, false);
        }
        if (!entry.isObject()) {
            throw invalid("entry must be a JSON object");
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw invalid("entry." + f + " is not a field a host sets (fields: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String name = text(entry, "name", complete);
        if (name != null && (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME || hasControl(name))) {
            throw invalid("entry.name must be 1-" + MAX_NAME + " characters, not blank, without control characters");
        }
        String map = text(entry, "map", complete);
        if (map != null && !MAP.matcher(map).matches()) {
            throw invalid("entry.map must be 1-32 characters of [A-Za-z0-9_.-]");
        }
        String mode = text(entry, "mode", complete);
        if (mode != null && !MODE.matcher(mode).matches()) {
            throw invalid("entry.mode must be 1-16 characters of [a-z0-9_-]");
        }
        Integer players = integer(entry, "players", false, 0, MAX_PLAYERS);
        Integer maxPlayers = integer(entry, "maxPlayers", complete, 1, MAX_PLAYERS);
        String region = text(entry, "region", false);
        if (region != null && (region.codePointCount(0, region.length()) > MAX_REGION || hasControl(region))) {
            throw invalid("entry.region must be at most " + MAX_REGION + " characters without control characters");
        }
        JsonNode infoNode = entry.get("info");
        ObjectNode info = null;
        if (infoNode != null && !infoNode.isNull()) {
            if (!infoNode.isObject()) {
                throw invalid("entry.info must be a JSON object or null");
            }
            int size;
            try {
                size = json.writeValueAsBytes(infoNode).length;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw invalid("entry.info cannot be serialized");
            }
            if (size > MAX_INFO_BYTES) {
                throw invalid("entry.info must serialize to at most " + MAX_INFO_BYTES + " bytes (it has " + size + ")");
            }
            info = (ObjectNode) infoNode;
        }
        return new Fields(name, map, mode, players, maxPlayers, region, info, infoNode != null);
    }

    /** Checks the whole entry after a publish or a merge. */
    static void checkConsistent(int players, int maxPlayers) throws ProtocolException {
        if (players > maxPlayers) {
            throw invalid("entry.players (" + players + ") must not exceed entry.maxPlayers (" + maxPlayers + ")");
        }
    }

    /** A filter from query or message fields; null values mean any. */
    static LobbyFilter filter(String mode, String map) throws ProtocolException {
        if (mode != null && !MODE.matcher(mode).matches()) {
            throw invalid("mode must be 1-16 characters of [a-z0-9_-]");
        }
        if (map != null && !MAP.matcher(map).matches()) {
            throw invalid("map must be 1-32 characters of [A-Za-z0-9_.-]");
        }
        return mode == null && map == null ? LobbyFilter.ALL : new LobbyFilter(mode, map);
    }

    static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_MESSAGE, message);
    }

    private static String text(JsonNode o, String field, boolean required) throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null) {
            if (required) {
                throw invalid("entry." + field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("entry." + field + " must be a string");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode o, String field, boolean required, int min, int max)
            throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null) {
            if (required) {
                throw invalid("entry." + field + " is required");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw invalid("entry." + field + " must be an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
