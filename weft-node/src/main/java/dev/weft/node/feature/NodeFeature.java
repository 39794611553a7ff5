package dev.weft.node.feature;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.IceServer;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.ws.WebSocketEndpoint;
import java.util.List;
import java.util.Map;

/**
 * One capability of the node (native signaling, the classic protocol, TURN, the lobby, ...). The node starts
 * every feature listed in {@link NodeFeatures}, mounts what it contributes, and closes it on shutdown, in
 * reverse order. A feature reads its own settings from {@link NodeContext#config()} (see
 * {@code NodeConfig#extension}).
 */
public interface NodeFeature extends AutoCloseable {
    /** Called once, before the HTTP port opens. May bind its own sockets (e.g. TURN). */
    default void start(NodeContext context) throws Exception {
    }

    /** WebSocket protocols, each on its own path. */
    default List<WebSocketEndpoint> webSockets() {
        return List.of();
    }

    /**
     * HTTP endpoints by path. A key ending in {@code /*} matches every path under that prefix
     * (e.g. {@code /api/turn/allocations/*}); exact keys win over prefixes.
     */
    default Map<String, HttpEndpoint> http() {
        return Map.of();
    }

    /** Extra message types on the native {@code /ws} socket, handled by this feature. */
    default Map<String, SignalingExtension> signalingTypes() {
        return Map.of();
    }

    /**
     * ICE servers this feature offers clients (fresh credentials each call), added to /api/ice-servers.
     *
     * @param host the host name or address the client used to reach the node (from the HTTP Host header), so
     *             the URLs point where the client can reach
     */
    default List<IceServer> iceServers(String host) {
        return List.of();
    }

    /** Adds this feature's figures to {@code GET /healthz}. */
    default void health(ObjectNode body) {
    }

    /** Health status: true while the feature works normally (false makes /healthz report "degraded"). */
    default boolean healthy() {
        return true;
    }

    @Override
    default void close() {
    }
}
