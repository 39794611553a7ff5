package dev.weft.node.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lobby over real WebSocket clients and HTTP: publish, refresh, expiry, ownership, limits, validation. */
class LobbyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ENTRY =
            "{\"name\":\"Friendly match\",\"map\":\"dm1\",\"mode\":\"dm\",\"players\":1,\"maxPlayers\":8,"
                    + "\"region\":\"Europe\",\"info\":{\"scoreLimit\":20}}";

    private static TestNode node;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.extension(LobbySettings.class,
                new LobbySettings(Duration.ofMillis(800), 2, 100, Duration.ofMillis(300))));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient peer(String id) {
        WsClient c = WsClient.connect(node.ws("/ws"));
        clients.add(c);
        return c.registered(id, null);
    }

    private static JsonNode publish(WsClient c, String entry) {
        c.send("{\"type\":\"lobby-publish\",\"ref\":\"p1\",\"entry\":" + entry + "}");
        return c.next();
    }

    private static JsonNode get(String query) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + "/api/lobby" + query))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            return JSON.createObjectNode().put("status", res.statusCode()).put("error", body.get("error").asText());
        }
        return body;
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    @Test
    void aPublishedEntryIsListedOverHttpAndStreamedToWatchers() throws Exception {
        WsClient watcher = peer("lw-watcher");
        watcher.send("{\"type\":\"lobby-watch\",\"ref\":\"w1\",\"filter\":{\"mode\":\"dm\"}}");
        JsonNode snapshot = watcher.next();
        assertThat(snapshot.get("type").asText()).isEqualTo("lobby-snapshot");
        assertThat(snapshot.get("ref").asText()).isEqualTo("w1");

        WsClient host = peer("lw-host");
        JsonNode published = publish(host, ENTRY);
        assertThat(published.get("type").asText()).isEqualTo("lobby-published");
        assertThat(published.get("ref").asText()).isEqualTo("p1");
        assertThat(published.get("ttl").asLong()).isEqualTo(800);
        JsonNode entry = published.get("entry");
        String id = entry.get("id").asText();
        assertThat(id).matches("[a-z0-9]{12}");
        assertThat(entry.get("host").asText()).isEqualTo("lw-host");
        assertThat(entry.get("name").asText()).isEqualTo("Friendly match");
        assertThat(entry.get("players").asInt()).isEqualTo(1);
        assertThat(entry.get("info").get("scoreLimit").asInt()).isEqualTo(20);

        JsonNode event = watcher.next();
        assertThat(event.get("type").asText()).isEqualTo("lobby-event");
        assertThat(event.get("event").asText()).isEqualTo("added");
        assertThat(event.get("entry")).isEqualTo(entry);

        assertThat(ids(get(""))).contains(id);
        assertThat(ids(get("?mode=dm&map=dm1"))).containsExactly(id);
        assertThat(ids(get("?mode=ctf"))).doesNotContain(id);
        assertThat(ids(get("?map=dm2"))).doesNotContain(id);
        assertThat(get("?mode=NOT%20A%20MODE").get("error").asText()).isEqualTo("BAD_REQUEST");
        assertThat(get("?mode=dm&mode=ctf").get("status").asInt()).isEqualTo(400);

        // a second watcher joining later gets the entry in its snapshot
        WsClient late = peer("lw-late");
        late.send("{\"type\":\"lobby-watch\"}");
        assertThat(ids(late.next().get("entries"))).contains(id);

        host.send("{\"type\":\"lobby-remove\",\"ref\":\"r1\",\"id\":\"" + id + "\"}");
        JsonNode removed = host.next();
        assertThat(removed.get("type").asText()).isEqualTo("lobby-removed");
        assertThat(removed.get("id").asText()).isEqualTo(id);
        JsonNode gone = watcher.next();
        assertThat(gone.get("event").asText()).isEqualTo("removed");
        assertThat(gone.get("id").asText()).isEqualTo(id);
        assertThat(gone.get("reason").asText()).isEqualTo("removed");
        assertThat(ids(get(""))).doesNotContain(id);

        watcher.send("{\"type\":\"lobby-unwatch\",\"ref\":\"u\"}");
        assertThat(watcher.next().get("type").asText()).isEqualTo("lobby-unwatched");
        publish(host, ENTRY);
        watcher.assertNoMore(300);
    }

    @Test
    void heartbeatsKeepAnEntryAliveAndItExpiresWhenTheyStop() throws Exception {
        WsClient watcher = peer("lh-watcher");
        watcher.send("{\"type\":\"lobby-watch\",\"filter\":{\"map\":\"dm7\"}}");
        watcher.next();
        WsClient host = peer("lh-host");
        String id = publish(host, ENTRY.replace("dm1", "dm7")).get("entry").get("id").asText();
        assertThat(watcher.next().get("event").asText()).isEqualTo("added");
        // 2 s of heartbeats with an 800 ms TTL: still listed, and heartbeats alone send no events
        for (int i = 0; i < 8; i++) {
            host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
            assertThat(host.next().get("type").asText()).isEqualTo("lobby-updated");
            Thread.sleep(250);
        }
        assertThat(ids(get("?map=dm7"))).containsExactly(id);
        host.send("{\"type\":\"lobby-update\",\"ref\":\"u2\",\"id\":\"" + id + "\",\"entry\":{\"players\":5}}");
        JsonNode updated = host.next();
        assertThat(updated.get("entry").get("players").asInt()).isEqualTo(5);
        assertThat(updated.get("entry").get("name").asText()).isEqualTo("Friendly match");
        JsonNode event = watcher.next();
        assertThat(event.get("event").asText()).isEqualTo("updated");
        assertThat(event.get("entry").get("players").asInt()).isEqualTo(5);
        // silence: gone within TTL + a sweep
        long t0 = System.nanoTime();
        JsonNode expired = JSON.readTree(watcher.nextTextWithin(3000));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(expired.get("event").asText()).isEqualTo("removed");
        assertThat(expired.get("reason").asText()).isEqualTo("expired");
        assertThat(ms).isBetween(500L, 1500L);
        assertThat(ids(get(""))).doesNotContain(id);
        host.send("{\"type\":\"lobby-update\",\"ref\":\"late\",\"id\":\"" + id + "\"}");
        JsonNode error = host.next();
        assertThat(error.get("code").asText()).isEqualTo("LOBBY_NOT_FOUND");
        assertThat(error.get("ref").asText()).isEqualTo("late");
    }

    @Test
    void onlyTheHostChangesOrRemovesItsEntry() throws Exception {
        WsClient host = peer("lo-host");
        WsClient other = peer("lo-other");
        String id = publish(host, ENTRY).get("entry").get("id").asText();
        other.send("{\"type\":\"lobby-update\",\"ref\":\"x1\",\"id\":\"" + id + "\",\"entry\":{\"name\":\"mine now\"}}");
        JsonNode e1 = other.next();
        assertThat(e1.get("type").asText()).isEqualTo("error");
        assertThat(e1.get("code").asText()).isEqualTo("LOBBY_NOT_OWNER");
        assertThat(e1.get("ref").asText()).isEqualTo("x1");
        other.send("{\"type\":\"lobby-remove\",\"ref\":\"x2\",\"id\":\"" + id + "\"}");
        assertThat(other.next().get("code").asText()).isEqualTo("LOBBY_NOT_OWNER");
        other.send("{\"type\":\"lobby-remove\",\"id\":\"aaaaaaaaaaaa\"}");
        assertThat(other.next().get("code").asText()).isEqualTo("LOBBY_NOT_FOUND");
        JsonNode still = get("");
        assertThat(ids(still)).contains(id);
        for (JsonNode e : still) {
            if (e.get("id").asText().equals(id)) {
                assertThat(e.get("name").asText()).isEqualTo("Friendly match");
            }
        }
        // before registering, nothing can be published
        WsClient anonymous = WsClient.connect(node.ws("/ws"));
        clients.add(anonymous);
        anonymous.send("{\"type\":\"lobby-publish\",\"ref\":\"a\",\"entry\":" + ENTRY + "}");
        assertThat(anonymous.next().get("code").asText()).isEqualTo("NOT_REGISTERED");
    }

    @Test
    void aPeerMayPublishOnlySoManyEntries() {
        WsClient host = peer("ll-host");
        String first = publish(host, ENTRY).get("entry").get("id").asText();
        assertThat(publish(host, ENTRY).get("type").asText()).isEqualTo("lobby-published");
        JsonNode third = publish(host, ENTRY);
        assertThat(third.get("type").asText()).isEqualTo("error");
        assertThat(third.get("code").asText()).isEqualTo("LOBBY_LIMIT");
        assertThat(third.get("message").asText()).contains("at most 2");
        host.send("{\"type\":\"lobby-remove\",\"id\":\"" + first + "\"}");
        host.next();
        assertThat(publish(host, ENTRY).get("type").asText()).isEqualTo("lobby-published");
    }

    @Test
    void theHostsEntriesGoWhenItsSocketCloses() {
        WsClient watcher = peer("lc-watcher");
        watcher.send("{\"type\":\"lobby-watch\",\"filter\":{\"map\":\"dm9\"}}");
        watcher.next();
        WsClient host = peer("lc-host");
        String id = publish(host, ENTRY.replace("dm1", "dm9")).get("entry").get("id").asText();
        watcher.next();
        host.close();
        JsonNode gone = watcher.next();
        assertThat(gone.get("id").asText()).isEqualTo(id);
        assertThat(gone.get("reason").asText()).isEqualTo("host-left");
    }

    @Test
    void anEntryRefreshedFromTheHostsNewSocketSurvivesTheOldSocketClosing() throws Exception {
        String token = "t".repeat(24);
        WsClient first = WsClient.connect(node.ws("/ws"));
        clients.add(first);
        first.register("lr-host", token);
        String id = publish(first, ENTRY).get("entry").get("id").asText();
        // the host reconnects with its token (a new socket takes over the id) and sends its heartbeat there
        WsClient second = WsClient.connect(node.ws("/ws"));
        clients.add(second);
        assertThat(second.register("lr-host", token).get("type").asText()).isEqualTo("registered");
        second.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
        assertThat(second.next().get("type").asText()).isEqualTo("lobby-updated");
        assertThat(first.awaitClose(5)).isEqualTo(4001);
        Thread.sleep(500); // past the 300 ms leave grace of the first socket, within the 800 ms TTL
        assertThat(ids(get(""))).contains(id);
        // keep it alive with heartbeats while the new socket lives; then close it: gone after the grace
        second.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
        second.next();
        second.close();
        long t0 = System.nanoTime();
        while (ids(get("")).contains(id)) {
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until removed").isLessThan(3000);
            Thread.sleep(50);
        }
    }

    @Test
    void everyFieldIsValidated() {
        WsClient host = peer("lv-host");
        String[][] cases = {
                {"{\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "entry.name is required"},
                {"{\"name\":\"\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "entry.name"},
                {"{\"name\":\"" + "n".repeat(65) + "\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "entry.name"},
                {"{\"name\":\"a\\u0007b\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "control"},
                {"{\"name\":7,\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "entry.name must be a string"},
                {"{\"name\":\"x\",\"map\":\"dm 1\",\"mode\":\"dm\",\"maxPlayers\":8}", "entry.map"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"DM!\",\"maxPlayers\":8}", "entry.mode"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\"}", "entry.maxPlayers is required"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":0}", "entry.maxPlayers"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":2000}", "entry.maxPlayers"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"players\":-1}", "entry.players"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"players\":1.5}", "entry.players"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"players\":9}", "must not exceed"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"region\":\"" + "r".repeat(33) + "\"}", "entry.region"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"info\":[1]}", "entry.info"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"info\":{\"k\":\"" + "i".repeat(1100) + "\"}}", "at most 1024 bytes"},
                {"{\"name\":\"x\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8,\"host\":\"someone-else\"}", "entry.host is not a field"},
                {"{\"name\":\"x\",\"name\":\"y\",\"map\":\"dm1\",\"mode\":\"dm\",\"maxPlayers\":8}", "appears twice"},
                {"[1,2]", "entry must be a JSON object"},
                {"null", "entry is required"},
        };
        for (String[] c : cases) {
            JsonNode r = publish(host, c[0]);
            assertThat(r.get("type").asText()).as(c[0]).isEqualTo("error");
            assertThat(r.get("code").asText()).as(c[0]).isEqualTo("INVALID_MESSAGE");
            assertThat(r.get("ref").asText()).as(c[0]).isEqualTo("p1");
            assertThat(r.get("message").asText()).as(c[0]).contains(c[1]);
        }
        String id = publish(host, ENTRY).get("entry").get("id").asText();
        host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\",\"entry\":{\"maxPlayers\":0}}");
        assertThat(host.next().get("message").asText()).contains("entry.maxPlayers");
        host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\",\"entry\":{\"players\":9}}");
        assertThat(host.next().get("message").asText()).contains("must not exceed");
        host.send("{\"type\":\"lobby-update\",\"id\":\"NOT-AN-ID\"}");
        assertThat(host.next().get("message").asText()).contains("lobby entry id");
        host.send("{\"type\":\"lobby-update\",\"id\":7}");
        assertThat(host.next().get("code").asText()).isEqualTo("INVALID_MESSAGE");
        host.send("{\"type\":\"lobby-watch\",\"filter\":{\"mode\":\"?\"}}");
        assertThat(host.next().get("message").asText()).contains("mode");
        // the socket still works after all that
        host.send("{\"type\":\"ping\",\"ref\":\"still\"}");
        assertThat(host.next().get("type").asText()).isEqualTo("pong");
    }
}
