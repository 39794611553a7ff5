package dev.weft.node.lobby;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.feature.SignalingExtension;
import dev.weft.node.feature.SignalingSession;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lobby's message types on the native socket: {@code lobby-publish}, {@code lobby-update} (also the
 * heartbeat), {@code lobby-remove}, {@code lobby-watch}, {@code lobby-unwatch}; and the live stream of
 * {@code lobby-event}s to watchers. Entries are removed shortly (the leave grace) after the socket that last
 * published or refreshed them closes.
 */
final class LobbySignaling {
    private final Lobby lobby;
    private final LobbyMessages messages;
    private final ObjectMapper strict;
    /** What each socket did: the entries it published and its watch filter. */
    private final Map<SignalingSession, SessionState> sessions = new ConcurrentHashMap<>();
    /**
     * The socket that last published or refreshed each entry: the entry goes when that socket closes. After a
     * reconnect the host's heartbeat arrives on the new socket, so the old one closing no longer removes it.
     */
    private final Map<String, SignalingSession> keeper = new ConcurrentHashMap<>();

    private static final class SessionState {
        final Set<String> published = ConcurrentHashMap.newKeySet();
        volatile LobbyFilter watching;
    }

    private final ScheduledExecutorService scheduler;

    LobbySignaling(Lobby lobby, ObjectMapper json, ScheduledExecutorService scheduler) {
        this.lobby = lobby;
        this.scheduler = scheduler;
        this.messages = new LobbyMessages(json);
        this.strict = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        lobby.store().listen(this::broadcast);
        lobby.store().listen(c -> {
            if (c.kind() == LobbyChange.Kind.REMOVED) {
                keeper.remove(c.entry().id());
            }
        });
    }

    Map<String, SignalingExtension> types() {
        return Map.of(
                "lobby-publish", withRef(this::publish),
                "lobby-update", withRef(this::update),
                "lobby-remove", withRef(this::remove),
                "lobby-watch", withRef(this::watch),
                "lobby-unwatch", withRef(this::unwatch));
    }

    /** Errors carry the message's ref, so the client can tell which request failed; a shared store out of reach is CLUSTER_UNAVAILABLE. */
    private static SignalingExtension withRef(SignalingExtension handler) {
        return (session, frame, offset, length, ref) -> {
            try {
                handler.handle(session, frame, offset, length, ref);
            } catch (ProtocolException e) {
                throw e.withRef(ref);
            } catch (LobbyUnavailableException e) {
                throw new ProtocolException(ErrorCode.CLUSTER_UNAVAILABLE, e.getMessage(), ref);
            }
        };
    }

    int watchers() {
        int n = 0;
        for (SessionState s : sessions.values()) {
            if (s.watching != null) {
                n++;
            }
        }
        return n;
    }

    private void publish(SignalingSession session, byte[] frame, int offset, int length, String ref)
            throws ProtocolException {
        String host = registered(session);
        JsonNode m = read(frame, offset, length);
        LobbyEntry e = lobby.publish(host, m.get("entry"));
        keep(session, e);
        session.sendText(messages.published(ref, e, lobby.settings().ttl().toMillis()));
    }

    private void update(SignalingSession session, byte[] frame, int offset, int length, String ref)
            throws ProtocolException {
        String host = registered(session);
        JsonNode m = read(frame, offset, length);
        LobbyEntry e = lobby.update(host, text(m, "id"), m.get("entry"));
        keep(session, e);
        session.sendText(messages.updated(ref, e));
    }

    private void remove(SignalingSession session, byte[] frame, int offset, int length, String ref)
            throws ProtocolException {
        String host = registered(session);
        JsonNode m = read(frame, offset, length);
        LobbyEntry e = lobby.remove(host, text(m, "id"));
        state(session).published.remove(e.id());
        session.sendText(messages.removed(ref, e.id()));
    }

    private void watch(SignalingSession session, byte[] frame, int offset, int length, String ref)
            throws ProtocolException {
        JsonNode m = read(frame, offset, length);
        JsonNode f = m.get("filter");
        LobbyFilter filter = LobbyFilter.ALL;
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw LobbyRules.invalid("filter must be an object {mode?, map?}");
            }
            filter = LobbyRules.filter(optionalText(f, "mode"), optionalText(f, "map"));
        }
        SessionState s = state(session);
        LobbyFilter chosen = filter;
        lobby.store().withSnapshot(filter, entries -> {
            s.watching = chosen;
            session.sendText(messages.snapshot(ref, entries));
        });
    }

    private void unwatch(SignalingSession session, byte[] frame, int offset, int length, String ref) {
        SessionState s = sessions.get(session);
        if (s != null) {
            s.watching = null;
        }
        session.sendText(messages.unwatched(ref));
    }

    /** Sends a store change to every socket watching entries it concerns. */
    private void broadcast(LobbyChange c) {
        byte[] added = null;
        byte[] updated = null;
        byte[] removed = null;
        for (Map.Entry<SignalingSession, SessionState> w : sessions.entrySet()) {
            LobbyFilter filter = w.getValue().watching;
            if (filter == null) {
                continue;
            }
            boolean now = filter.matches(c.entry());
            byte[] frame;
            if (c.kind() == LobbyChange.Kind.REMOVED) {
                frame = !now ? null : removed != null ? removed : (removed = messages.removal(c.entry(), c.reason()));
            } else if (c.kind() == LobbyChange.Kind.ADDED || (now && !filter.matches(c.before()))) {
                frame = !now ? null : added != null ? added : (added = messages.event("added", c.entry()));
            } else if (now) {
                frame = updated != null ? updated : (updated = messages.event("updated", c.entry()));
            } else {
                frame = filter.matches(c.before()) ? messages.removal(c.entry(), "filtered") : null;
            }
            if (frame != null) {
                w.getKey().sendText(frame);
            }
        }
    }

    private SessionState state(SignalingSession session) {
        return sessions.computeIfAbsent(session, s -> {
            SessionState state = new SessionState();
            s.onClose(() -> closed(s));
            return state;
        });
    }

    private void keep(SignalingSession session, LobbyEntry e) {
        state(session).published.add(e.id());
        keeper.put(e.id(), session);
    }

    /**
     * A socket closed: after the leave grace ({@link LobbySettings#leaveGrace()}), its entries that no other socket refreshed meanwhile go. The
     * grace lets a host that reconnects (a new socket taking over its id) carry them over with a heartbeat.
     */
    private void closed(SignalingSession session) {
        SessionState s = sessions.remove(session);
        if (s == null || s.published.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> {
            for (String id : s.published) {
                if (keeper.remove(id, session)) {
                    lobby.hostLeft(id);
                }
            }
        }, lobby.settings().leaveGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String registered(SignalingSession session) throws ProtocolException {
        String id = session.peerId();
        if (id == null) {
            throw new ProtocolException(ErrorCode.NOT_REGISTERED, "register before publishing to the lobby");
        }
        return id;
    }

    private JsonNode read(byte[] frame, int offset, int length) throws ProtocolException {
        try {
            return strict.readTree(frame, offset, length);
        } catch (IOException e) {
            throw LobbyRules.invalid("a field appears twice or the message is not valid JSON");
        }
    }

    private static String text(JsonNode m, String field) throws ProtocolException {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual()) {
            throw LobbyRules.invalid(field + " is required and must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode m, String field) throws ProtocolException {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw LobbyRules.invalid("filter." + field + " must be a string");
        }
        return v.asText();
    }
}
