package dev.weft.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.lobby.LobbySettings;
import dev.weft.node.testing.RedisServer;
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

/**
 * The lobby shared through Redis by two nodes (a private redis-server, stopped by PID): entries, watchers,
 * ownership, limits and expiry across nodes, and Redis going away and coming back. Each test uses its own map
 * name, so its watchers (filtered by map) see only its own entries.
 */
class LobbyClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TTL = Duration.ofMillis(1500);
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        a = node("lobby-a");
        b = node("lobby-b");
    }

    private static TestNode node(String name) {
        return TestNode.start(c -> c
                .extension(ClusterSettings.class, new ClusterSettings(URI.create(redis.uri()), name, Duration.ofSeconds(3)))
                .extension(LobbySettings.class, new LobbySettings(TTL, 2, 100, Duration.ofMillis(300))));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient peer(TestNode n, String id, String token) {
        WsClient c = WsClient.connect(n.ws("/ws"));
        clients.add(c);
        return c.registered(id, token);
    }

    private static String entry(String map, int players) {
        return "{\"name\":\"Game on " + map + "\",\"map\":\"" + map + "\",\"mode\":\"dm\",\"players\":" + players
                + ",\"maxPlayers\":8,\"info\":{\"scoreLimit\":20}}";
    }

    private static JsonNode publish(WsClient c, String entry) {
        c.send("{\"type\":\"lobby-publish\",\"ref\":\"p\",\"entry\":" + entry + "}");
        return c.next();
    }

    private static WsClient watch(WsClient c, String map) {
        c.send("{\"type\":\"lobby-watch\",\"ref\":\"w\",\"filter\":{\"map\":\"" + map + "\"}}");
        JsonNode snapshot = c.next();
        assertThat(snapshot.get("type").asText()).isEqualTo("lobby-snapshot");
        return c;
    }

    private static HttpResponse<String> list(TestNode n, String map) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + "/api/lobby?map=" + map)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode listed(TestNode n, String map) throws Exception {
        HttpResponse<String> res = list(n, map);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    @Test
    void anEntryPublishedOnOneNodeIsListedAndStreamedOnTheOtherThroughUpdateAndRemoval() throws Exception {
        WsClient watcher = watch(peer(b, "lc-watcher", null), "m1");
        WsClient host = peer(a, "lc-host", null);

        JsonNode published = publish(host, entry("m1", 1));
        assertThat(published.get("type").asText()).as(published.toString()).isEqualTo("lobby-published");
        JsonNode entry = published.get("entry");
        String id = entry.get("id").asText();

        JsonNode added = watcher.next();
        assertThat(added.get("event").asText()).isEqualTo("added");
        assertThat(added.get("entry")).isEqualTo(entry);
        JsonNode onB = listed(b, "m1");
        assertThat(onB).hasSize(1);
        assertThat(onB.get(0)).isEqualTo(entry);

        // a watcher arriving later on B gets it in its snapshot
        WsClient late = peer(b, "lc-late", null);
        late.send("{\"type\":\"lobby-watch\",\"filter\":{\"map\":\"m1\"}}");
        assertThat(late.next().get("entries").get(0).get("id").asText()).isEqualTo(id);

        host.send("{\"type\":\"lobby-update\",\"ref\":\"u\",\"id\":\"" + id + "\",\"entry\":{\"players\":5}}");
        assertThat(host.next().get("type").asText()).isEqualTo("lobby-updated");
        JsonNode updated = watcher.next();
        assertThat(updated.get("event").asText()).isEqualTo("updated");
        assertThat(updated.get("entry").get("players").asInt()).isEqualTo(5);
        assertThat(late.next().get("entry").get("players").asInt()).isEqualTo(5);
        assertThat(listed(b, "m1").get(0).get("players").asInt()).isEqualTo(5);

        // a heartbeat (no change) refreshes the entry without telling the watchers
        host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
        assertThat(host.next().get("type").asText()).isEqualTo("lobby-updated");
        watcher.assertNoMore(200);

        host.send("{\"type\":\"lobby-remove\",\"ref\":\"r\",\"id\":\"" + id + "\"}");
        assertThat(host.next().get("type").asText()).isEqualTo("lobby-removed");
        JsonNode removed = watcher.next();
        assertThat(removed.get("event").asText()).isEqualTo("removed");
        assertThat(removed.get("id").asText()).isEqualTo(id);
        assertThat(removed.get("reason").asText()).isEqualTo("removed");
        assertThat(listed(b, "m1")).isEmpty();
        assertThat(listed(a, "m1")).isEmpty();
    }

    @Test
    void aPeerOnAnotherNodeCannotChangeOrRemoveTheHostsEntry() throws Exception {
        WsClient host = peer(a, "lc-owner", null);
        String id = publish(host, entry("m2", 1)).get("entry").get("id").asText();
        WsClient other = peer(b, "lc-intruder", null);

        other.send("{\"type\":\"lobby-update\",\"ref\":\"x\",\"id\":\"" + id + "\",\"entry\":{\"name\":\"mine now\"}}");
        JsonNode refused = other.next();
        assertThat(refused.get("code").asText()).isEqualTo("LOBBY_NOT_OWNER");
        assertThat(refused.get("ref").asText()).isEqualTo("x");
        other.send("{\"type\":\"lobby-remove\",\"id\":\"" + id + "\"}");
        assertThat(other.next().get("code").asText()).isEqualTo("LOBBY_NOT_OWNER");

        JsonNode onA = listed(a, "m2");
        assertThat(onA).hasSize(1);
        assertThat(onA.get(0).get("name").asText()).isEqualTo("Game on m2");
    }

    @Test
    void thePerPeerLimitCountsTheEntriesPublishedThroughEveryNode() throws Exception {
        WsClient onA = peer(a, "lc-busy", "busy-token-0123456789");
        publish(onA, entry("m3", 1));
        publish(onA, entry("m3", 2));
        // the host moves to node B (same id, same token): its two entries are still in the lobby
        WsClient onB = peer(b, "lc-busy", "busy-token-0123456789");
        JsonNode third = publish(onB, entry("m3", 3));
        assertThat(third.get("code").asText()).as(third.toString()).isEqualTo("LOBBY_LIMIT");
        assertThat(listed(b, "m3")).hasSize(2);
    }

    @Test
    void anEntryWhoseHostStopsHeartbeatingExpiresOnEveryNode() throws Exception {
        WsClient watcher = watch(peer(b, "lc-expiry-watcher", null), "m4");
        WsClient host = peer(a, "lc-quiet", null);
        String id = publish(host, entry("m4", 1)).get("entry").get("id").asText();
        assertThat(watcher.next().get("event").asText()).isEqualTo("added");

        // heartbeats through node A keep it alive past its TTL
        long until = System.currentTimeMillis() + TTL.toMillis() * 2;
        while (System.currentTimeMillis() < until) {
            host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
            assertThat(host.next().get("type").asText()).isEqualTo("lobby-updated");
            Thread.sleep(300);
        }
        assertThat(listed(b, "m4")).hasSize(1);

        // then silence: gone within the TTL plus a sweep, for HTTP and watchers on node B
        JsonNode expired = JSON.readTree(watcher.nextTextWithin(TTL.toMillis() + 2000));
        assertThat(expired.get("event").asText()).isEqualTo("removed");
        assertThat(expired.get("id").asText()).isEqualTo(id);
        assertThat(expired.get("reason").asText()).isEqualTo("expired");
        assertThat(listed(b, "m4")).isEmpty();
        assertThat(redis.exists("weft:lobby:e:" + id)).isFalse();
        host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\"}");
        assertThat(host.next().get("code").asText()).isEqualTo("LOBBY_NOT_FOUND");
    }

    @Test
    void withRedisDownTheLobbyAnswersClusterUnavailableAndWorksAgainWhenItIsBack() throws Exception {
        WsClient host = peer(a, "lc-outage", "outage-token-0123456789");
        redis.stop();
        try {
            long t0 = System.nanoTime();
            JsonNode refused = publish(host, entry("m5", 1));
            assertThat(refused.get("code").asText()).as(refused.toString()).isEqualTo("CLUSTER_UNAVAILABLE");
            assertThat(refused.get("ref").asText()).isEqualTo("p");
            HttpResponse<String> res = list(b, "m5");
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(res.body()).get("error").asText()).isEqualTo("CLUSTER_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("fails fast, no hang")
                    .isLessThan(Duration.ofSeconds(4));
        } finally {
            redis.restart();
        }
        WsClient watcher = peer(b, "lc-after", null);
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode published = publish(host, entry("m5", 1));
        while (!published.get("type").asText().equals("lobby-published") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            published = publish(host, entry("m5", 1));
        }
        assertThat(published.get("type").asText()).as(published.toString()).isEqualTo("lobby-published");
        String id = published.get("entry").get("id").asText();
        // node B reconnects to Redis on its own schedule: wait until it answers again (same deadline)
        while (list(b, "m5").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(listed(b, "m5").get(0).get("id").asText()).isEqualTo(id);
        // and changes flow between the nodes again (node B re-subscribed)
        watch(watcher, "m5");
        host.send("{\"type\":\"lobby-update\",\"id\":\"" + id + "\",\"entry\":{\"players\":4}}");
        assertThat(host.next().get("type").asText()).isEqualTo("lobby-updated");
        JsonNode updated = watcher.next();
        assertThat(updated.get("event").asText()).isEqualTo("updated");
        assertThat(updated.get("entry").get("players").asInt()).isEqualTo(4);
    }
}
