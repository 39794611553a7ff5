package dev.weft.node.overlay;

import dev.weft.node.testing.Await;
import dev.weft.node.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts nodes that form one overlay network: each later node joins through the previous ones. */
final class OverlayNodes implements AutoCloseable {
    final List<TestNode> nodes = new ArrayList<>();

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a node on a free port whose --peer list is the given earlier nodes. */
    TestNode start(TestNode... peers) {
        List<String> urls = new ArrayList<>();
        for (TestNode p : peers) {
            urls.add(url(p));
        }
        TestNode n = TestNode.startOn(freePort(), b -> b.extension(OverlaySettings.class,
                new OverlaySettings(urls, null, null)));
        nodes.add(n);
        return n;
    }

    static String url(TestNode n) {
        return "ws://127.0.0.1:" + n.port() + "/overlay";
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** GET /api/network of a node. */
    static com.fasterxml.jackson.databind.JsonNode network(TestNode n) {
        try {
            var res = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(n.http() + "/api/network")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(res.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code check} holds (real sockets: no virtual clock here), at most 10 s. */
    static void await(String what, java.util.function.BooleanSupplier check) {
        Await.until(what, Duration.ofSeconds(10), Duration.ofMillis(50), check);
    }

    @Override
    public void close() {
        nodes.forEach(TestNode::close);
    }
}
