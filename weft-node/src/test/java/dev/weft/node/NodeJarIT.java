package dev.weft.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.node.testing.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deployable itself: {@code java -jar weft-node.jar} as a separate process, as the README runs it. */
class NodeJarIT {
    private static final String JAR = System.getProperty("weft.jar", "target/weft-node.jar");

    private static Process java(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(false).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theJarServesTheAppsAndSignaling() throws Exception {
        int port = freePort();
        int turnPort = freePort();
        Process p = java("--host", "127.0.0.1", "--port", String.valueOf(port), "--turn-port", String.valueOf(turnPort));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as("node answered /healthz").isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            String ice = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ice-servers"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(ice).contains("\"stun:127.0.0.1:" + turnPort + "\"", "turn:127.0.0.1:" + turnPort + "?transport=udp");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/call/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("data-testid=\"connect\"");
            try (WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
                JsonNode r = ws.register("jar-test", null);
                assertThat(r.get("type").asText()).isEqualTo("registered");
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("node stops on SIGTERM").isTrue();
        }
    }

    @Test
    void badFlagsExitWith2AndOneLine() throws Exception {
        Process p = java("--port", "nope");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("weft-node: ");
    }

    @Test
    void helpListsEveryFlagWithItsDefault() throws Exception {
        Process p = java("--help");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String flat = out.replaceAll("\\s+", " "); // help text wraps at 80 columns
        assertThat(flat).contains("--port=N", "Default: 8080", "--host=ADDR", "--ice-server=URI",
                "--heartbeat-timeout=DURATION", "--turn-port=N STUN/TURN port, UDP and TCP (0 = off). Default: 3478",
                "--turn-secret", "--admin-token", "--cluster", "--peer", "turn ");
    }
}
