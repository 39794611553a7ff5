package dev.weft.node.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.testing.TestNode;
import dev.weft.turn.TurnCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The built-in TURN as the node runs it: ICE server list with fresh REST credentials, admin API, metrics. */
class TurnNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "admin-token-0123456789";

    private static HttpResponse<String> get(TestNode node, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.http() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void iceServersPointAtTheNodesOwnTurnWithFreshRestCredentials() throws Exception {
        TurnSettings s = withSecret(TurnSettings.loopback(0), "shared-secret-for-test");
        try (TestNode node = TestNode.start(b -> b.extension(TurnSettings.class, s))) {
            JsonNode list = JSON.readTree(get(node, "/api/ice-servers", null).body());
            int port = node.node().feature(TurnFeature.class).orElseThrow().server().udpPort();
            assertThat(list.get(0).get("urls").asText()).isEqualTo("stun:127.0.0.1:" + port);
            JsonNode turn = list.get(1);
            assertThat(turn.get("urls").asText()).isEqualTo("turn:127.0.0.1:" + port + "?transport=udp");
            String username = turn.get("username").asText();
            assertThat(username).endsWith(":weft");
            long expiry = Long.parseLong(username.split(":")[0]);
            assertThat(expiry).isBetween(Instant.now().getEpochSecond() + 3500, Instant.now().getEpochSecond() + 3700);
            assertThat(turn.get("credential").asText())
                    .isEqualTo(TurnCredentials.password("shared-secret-for-test", username));
            assertThat(list.get(2).get("urls").asText()).endsWith("?transport=tcp");
        }
    }

    @Test
    void turnPortZeroTurnsItOff() throws Exception {
        try (TestNode node = TestNode.start(b -> b.extension(TurnSettings.class, portZeroOff()))) {
            assertThat(JSON.readTree(get(node, "/api/ice-servers", null).body()).size()).isZero();
            assertThat(get(node, "/api/turn/allocations", ADMIN).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void adminApiAndMetricsNeedTheToken() throws Exception {
        try (TestNode node = TestNode.start(b -> b.adminToken(ADMIN)
                .extension(TurnSettings.class, TurnSettings.loopback(0)))) {
            assertThat(get(node, "/api/turn/allocations", null).statusCode()).isEqualTo(401);
            assertThat(get(node, "/api/turn/allocations", "wrong-token-0123456789").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = get(node, "/api/turn/allocations", ADMIN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).isArray()).isTrue();
            assertThat(get(node, "/metrics", null).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = get(node, "/metrics", ADMIN);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("weft_connections");
            HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(
                    URI.create(node.http() + "/api/turn/allocations/nope")).DELETE()
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutAnAdminTokenTheAdminApiIsOff() throws Exception {
        try (TestNode node = TestNode.start(b -> b.extension(TurnSettings.class, TurnSettings.loopback(0)))) {
            HttpResponse<String> res = get(node, "/api/turn/allocations", "anything-0123456789");
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.body()).contains("--admin-token");
        }
    }

    static TurnSettings withSecret(TurnSettings s, String secret) {
        return new TurnSettings(true, s.port(), s.tlsPort(), s.tlsCertificate(), s.tlsPrivateKey(), s.listenHost(),
                s.relayAddress(), s.minPort(), s.maxPort(), s.realm(), s.users(), secret, s.credentialTtl(),
                s.allowedPeers(), s.userQuota(), s.totalQuota(), s.maxBytesPerSecond());
    }

    private static TurnSettings portZeroOff() {
        TurnSettings s = TurnSettings.loopback(0);
        return new TurnSettings(false, 0, 0, null, null, s.listenHost(), s.relayAddress(), s.minPort(), s.maxPort(),
                s.realm(), s.users(), null, s.credentialTtl(), s.allowedPeers(), s.userQuota(), s.totalQuota(), 0);
    }
}
