package dev.weft.node.lobby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lobby's rules on a deterministic clock: TTL arithmetic, events, compare-and-set, limits. */
class LobbyServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryLobbyStore store = new InMemoryLobbyStore();
    private final Lobby lobby = new Lobby(store, new LobbySettings(Duration.ofSeconds(1), 2, 3), now::get, JSON);
    private final List<String> events = new ArrayList<>();

    LobbyServiceTest() {
        store.listen(c -> events.add(c.kind().wire() + (c.reason() == null ? "" : ":" + c.reason())));
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private LobbyEntry publish(String host) throws Exception {
        return lobby.publish(host, json("{\"name\":\"n\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":4}"));
    }

    @Test
    void anEntryLivesExactlyItsTtlAfterTheLastHeartbeat() throws Exception {
        LobbyEntry e = publish("h");
        assertThat(e.expiresAt()).isEqualTo(now.get() + 1000);
        now.addAndGet(900);
        lobby.update("h", e.id(), null);
        now.addAndGet(999);
        lobby.sweep();
        assertThat(lobby.list(LobbyFilter.ALL)).hasSize(1);
        now.addAndGet(1);
        lobby.sweep();
        assertThat(lobby.list(LobbyFilter.ALL)).isEmpty();
        assertThat(events).containsExactly("added", "removed:expired");
    }

    @Test
    void anUpdateMergesFieldsAndOnlyVisibleChangesMakeEvents() throws Exception {
        LobbyEntry e = publish("h");
        LobbyEntry u = lobby.update("h", e.id(), json("{\"players\":3,\"info\":{\"a\":1}}"));
        assertThat(u.players()).isEqualTo(3);
        assertThat(u.name()).isEqualTo("n");
        assertThat(u.info().get("a").asInt()).isEqualTo(1);
        assertThat(lobby.update("h", e.id(), json("{\"players\":3}")).version()).isGreaterThan(u.version());
        LobbyEntry cleared = lobby.update("h", e.id(), json("{\"info\":null}"));
        assertThat(cleared.info()).isNull();
        assertThat(events).containsExactly("added", "updated", "updated");
    }

    @Test
    void replaceIsACompareAndSetOnTheVersion() throws Exception {
        LobbyEntry e = publish("h");
        LobbyEntry newer = lobby.update("h", e.id(), json("{\"players\":1}"));
        assertThat(store.replace(e, e)).as("a stale version is refused").isFalse();
        assertThat(store.get(e.id())).contains(newer);
    }

    @Test
    void limitsPerHostAndInAll() throws Exception {
        publish("a");
        publish("a");
        assertThatThrownBy(() -> publish("a")).isInstanceOfSatisfying(ProtocolException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.LOBBY_LIMIT));
        publish("b");
        assertThatThrownBy(() -> publish("c")).isInstanceOfSatisfying(ProtocolException.class,
                x -> assertThat(x.getMessage()).contains("lobby is full"));
    }

    @Test
    void ownershipAndUnknownIds() throws Exception {
        LobbyEntry e = publish("h");
        assertThatThrownBy(() -> lobby.remove("other", e.id())).isInstanceOfSatisfying(ProtocolException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.LOBBY_NOT_OWNER));
        assertThatThrownBy(() -> lobby.update("h", "zzzzzzzzzzzz", null)).isInstanceOfSatisfying(
                ProtocolException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LOBBY_NOT_FOUND));
        lobby.hostLeft(e.id());
        assertThat(events).containsExactly("added", "removed:host-left");
    }
}
