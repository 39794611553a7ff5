package dev.weft.node.lobby;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The lobby's frames on the native socket (docs/protocol.md, "Lobby"), {@code type} first. */
final class LobbyMessages {
    private final ObjectMapper json;

    LobbyMessages(ObjectMapper json) {
        this.json = json;
    }

    /** {@code {"type":"lobby-published","ref"?,"entry":{...},"ttl":ms}} */
    byte[] published(String ref, LobbyEntry e, long ttlMillis) {
        ObjectNode m = start("lobby-published", ref);
        e.toJson(m.putObject("entry"));
        m.put("ttl", ttlMillis);
        return bytes(m);
    }

    /** {@code {"type":"lobby-updated","ref"?,"entry":{...}}} */
    byte[] updated(String ref, LobbyEntry e) {
        ObjectNode m = start("lobby-updated", ref);
        e.toJson(m.putObject("entry"));
        return bytes(m);
    }

    /** {@code {"type":"lobby-removed","ref"?,"id":...}} */
    byte[] removed(String ref, String id) {
        return bytes(start("lobby-removed", ref).put("id", id));
    }

    /** {@code {"type":"lobby-snapshot","ref"?,"entries":[...]}}: the answer to lobby-watch. */
    byte[] snapshot(String ref, List<LobbyEntry> entries) {
        ObjectNode m = start("lobby-snapshot", ref);
        ArrayNode list = m.putArray("entries");
        entries.forEach(e -> e.toJson(list.addObject()));
        return bytes(m);
    }

    /** {@code {"type":"lobby-unwatched","ref"?}} */
    byte[] unwatched(String ref) {
        return bytes(start("lobby-unwatched", ref));
    }

    /** {@code {"type":"lobby-event","event":"added"|"updated","entry":{...}}} */
    byte[] event(String event, LobbyEntry e) {
        ObjectNode m = start("lobby-event", null).put("event", event);
        e.toJson(m.putObject("entry"));
        return bytes(m);
    }

    /** {@code {"type":"lobby-event","event":"removed","id":...,"reason":...}} */
    byte[] removal(LobbyEntry e, String reason) {
        return bytes(start("lobby-event", null).put("event", "removed").put("id", e.id()).put("reason", reason));
    }

    /** The entries as a JSON array (GET /api/lobby). */
    byte[] list(List<LobbyEntry> entries) {
        ArrayNode list = json.createArrayNode();
        entries.forEach(e -> e.toJson(list.addObject()));
        return bytes(list);
    }

    private ObjectNode start(String type, String ref) {
        ObjectNode m = json.createObjectNode().put("type", type);
        if (ref != null) {
            m.put("ref", ref);
        }
        return m;
    }

    private byte[] bytes(Object node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
