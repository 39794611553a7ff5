package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import dev.weft.node.turn.TurnFeature;
import dev.weft.node.turn.TurnSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chromium's own ICE agent through the node's built-in TURN server, on loopback. */
class TurnBrowserTest {
    private static final String ADMIN = "admin-token-0123456789";
    private static Chromium chromium;
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.adminToken(ADMIN).extension(TurnSettings.class, TurnSettings.loopback(0)));
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        node.close();
    }

    private static int turnPort() {
        return node.node().feature(TurnFeature.class).orElseThrow().server().udpPort();
    }

    /** Relay-only peers with weft.js's default settings (ICE servers from the node) connect through our TURN. */
    @Test
    void weftPeersWithDefaultSettingsRelayThroughTheNodesTurn() throws Exception {
        Page a = chromium.page(node.http() + "/");
        Page b = chromium.page(node.http() + "/");
        try {
            String open = """
                    async (id) => {
                      const w = await import('/weft.js');
                      window.log = [];
                      window.peer = await w.Peer.open({ id, rtcConfig: { iceTransportPolicy: 'relay' } });
                      peer.on('connection', (c) => { window.conn = c; c.on('data', (d) => log.push(d)); });
                      return peer.iceServers.map((s) => s.urls);
                    }""";
            @SuppressWarnings("unchecked")
            List<Object> urls = (List<Object>) a.evaluate(open, "relay-a");
            assertThat(urls).contains("turn:127.0.0.1:" + turnPort() + "?transport=udp");
            b.evaluate(open, "relay-b");
            Object r = a.evaluate("""
                    async () => {
                      const c = await peer.connect('relay-b');
                      window.conn = c;
                      await c.send('through the relay');
                      const stats = await c._link.pc.getStats();
                      let pair = null;
                      stats.forEach((s) => { if (s.type === 'transport') pair = stats.get(s.selectedCandidatePairId); });
                      return stats.get(pair.localCandidateId).candidateType;
                    }""");
            assertThat(r).isEqualTo("relay");
            b.waitForFunction("log.includes('through the relay')", null,
                    new Page.WaitForFunctionOptions().setTimeout(15000));
            b.evaluate("conn.send('and back')");
            a.waitForFunction("window.conn && true", null, new Page.WaitForFunctionOptions().setTimeout(5000));

            // The admin API sees the allocations Chromium made, and can end one.
            JsonNode allocations = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(node.http() + "/api/turn/allocations"))
                            .header("Authorization", "Bearer " + ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(allocations.size()).isGreaterThanOrEqualTo(2);
            JsonNode used = null;
            for (JsonNode alloc : allocations) {
                assertThat(alloc.get("username").asText()).endsWith(":weft");
                if (alloc.get("bytesIn").asLong() + alloc.get("bytesOut").asLong() > 0) {
                    used = alloc;
                }
            }
            assertThat(used).as("an allocation relayed the data").isNotNull();
            int deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(node.http() + "/api/turn/allocations/" + used.get("id").asText())).DELETE()
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(deleted).isEqualTo(200);
        } finally {
            Chromium.closePage(a);
            Chromium.closePage(b);
        }
    }

    /** A wrong password makes Chromium report a 401 icecandidateerror for our TURN server. */
    @Test
    void aWrongPasswordGivesChromiumA401() {
        Page p = chromium.page(node.http() + "/");
        try {
            Object code = p.evaluate("""
                    async (port) => {
                      const pc = new RTCPeerConnection({ iceTransportPolicy: 'relay', iceServers: [
                        { urls: `turn:127.0.0.1:${port}?transport=udp`, username: '9999999999:weft', credential: 'wrong' }] });
                      const error = new Promise((resolve) => pc.addEventListener('icecandidateerror', (e) => resolve(e.errorCode)));
                      pc.createDataChannel('x');
                      await pc.setLocalDescription();
                      const timeout = new Promise((resolve) => setTimeout(() => resolve('no error event'), 10000));
                      const result = await Promise.race([error, timeout]);
                      pc.close();
                      return result;
                    }""", turnPort());
            assertThat(code).isEqualTo(401);
        } finally {
            Chromium.closePage(p);
        }
    }

    /** Raw RTCPeerConnections with relay-only policy gather relay candidates from our server over UDP and TCP. */
    @Test
    void chromiumGathersRelayCandidatesOverUdpAndTcp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode servers = new ObjectMapper().readTree(http.send(
                HttpRequest.newBuilder(URI.create(node.http() + "/api/ice-servers")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Page p = chromium.page(node.http() + "/");
        try {
            for (int i : new int[] {1, 2}) {
                JsonNode s = servers.get(i);
                Object address = p.evaluate("""
                        async (s) => {
                          const pc = new RTCPeerConnection({ iceTransportPolicy: 'relay', iceServers: [s] });
                          const found = new Promise((resolve) => pc.addEventListener('icecandidate', (e) => {
                            if (e.candidate && e.candidate.type === 'relay') resolve(e.candidate.address);
                            if (!e.candidate) resolve('none');
                          }));
                          pc.createDataChannel('x');
                          await pc.setLocalDescription();
                          const r = await found;
                          window.keep = (window.keep || []).concat(pc);
                          return r;
                        }""", Map.of("urls", s.get("urls").asText(), "username", s.get("username").asText(),
                        "credential", s.get("credential").asText()));
                assertThat(address).isEqualTo("127.0.0.1");
            }
            // Our server saw one allocation from Chromium over UDP and one over TCP.
            JsonNode allocations = new ObjectMapper().readTree(http.send(
                    HttpRequest.newBuilder(URI.create(node.http() + "/api/turn/allocations"))
                            .header("Authorization", "Bearer " + ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> transports = new java.util.ArrayList<>();
            allocations.forEach(a -> transports.add(a.get("client").asText().split(" ")[0]));
            assertThat(transports).contains("udp", "tcp");
            p.evaluate("() => window.keep.forEach((pc) => pc.close())");
        } finally {
            Chromium.closePage(p);
        }
    }
}
