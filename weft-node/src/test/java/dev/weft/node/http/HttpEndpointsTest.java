package dev.weft.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.IceServer;
import dev.weft.node.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.iceServers(List.of(IceServer.parse("stun:127.0.0.1:3478"),
                IceServer.parse("turn:u1:p1@127.0.0.1:3478?transport=tcp"))));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzIsOkJson() throws Exception {
        HttpResponse<String> res = get("/healthz");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.has("connections")).isTrue();
    }

    @Test
    void iceServersListsTheConfiguredServers() throws Exception {
        JsonNode list = JSON.readTree(get("/api/ice-servers").body());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).get("urls").asText()).isEqualTo("stun:127.0.0.1:3478");
        assertThat(list.get(1).get("urls").asText()).isEqualTo("turn:127.0.0.1:3478?transport=tcp");
        assertThat(list.get(1).get("username").asText()).isEqualTo("u1");
        assertThat(list.get(1).get("credential").asText()).isEqualTo("p1");
    }

    @Test
    void servesWeftJsAsAModuleExportingTheApi() throws Exception {
        HttpResponse<String> res = get("/weft.js");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
        assertThat(res.body()).contains("export * from");
        assertThat(get("/weft/index.js").body()).contains("export { Peer }");
    }

    @Test
    void servesTheAppsAndTheIndexLinksThem() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("href=\"/call/\"");
        assertThat(get("/call/").body()).contains("data-testid=\"my-name\"");
        HttpResponse<String> redirect = get("/call");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).contains("/call/");
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        String etag = get("/weft.js").headers().firstValue("etag").orElseThrow();
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + "/weft.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(304);
    }

    @Test
    void unknownAndUnsafePathsAre404WithACode() throws Exception {
        for (String p : List.of("/nope", "/call/../../etc/passwd", "/%2e%2e/x", "/.hidden", "/weft//index.js",
                "/call/nothing.js")) {
            HttpResponse<String> res = get(p);
            assertThat(res.statusCode()).as(p).isEqualTo(404);
            assertThat(res.body()).as(p).contains("\"error\":\"NOT_FOUND\"");
        }
    }

    @Test
    void writesAreNotAllowed() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(405);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + "/index.html"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void oversizedHeadersAreRefusedWithoutHarm() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(node.http() + "/healthz"))
                .header("X-Big", "a".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(431);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }
}
