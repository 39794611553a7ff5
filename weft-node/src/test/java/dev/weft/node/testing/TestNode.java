package dev.weft.node.testing;

import dev.weft.node.NodeConfig;
import dev.weft.node.WeftNode;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A node started in-process on 127.0.0.1 and a free port, for one test or one test class. */
public final class TestNode implements AutoCloseable {
    private final WeftNode node;

    private TestNode(WeftNode node) {
        this.node = node;
    }

    public static TestNode start() {
        return start(b -> b);
    }

    /** Starts with test-friendly defaults, then {@code tweak}. */
    public static TestNode start(UnaryOperator<NodeConfig.Builder> tweak) {
        NodeConfig.Builder b = NodeConfig.builder().host("127.0.0.1").port(0)
                .heartbeatInterval(Duration.ofSeconds(5)).heartbeatTimeout(Duration.ofSeconds(15))
                .reclaimGrace(Duration.ofSeconds(2));
        try {
            return new TestNode(WeftNode.start(tweak.apply(b).build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a node on a given port (to restart one where clients expect it). */
    public static TestNode startOn(int port, UnaryOperator<NodeConfig.Builder> tweak) {
        return start(b -> tweak.apply(b).port(port));
    }

    public WeftNode node() {
        return node;
    }

    public int port() {
        return node.port();
    }

    public String http() {
        return "http://127.0.0.1:" + port();
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        node.close();
    }
}
