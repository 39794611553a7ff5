package dev.weft.node.peerjs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.ws.WebSocketEndpoint;
import java.util.List;
import java.util.Map;

/**
 * The PeerJS-compatible endpoint: PeerServer 1.0.2's protocol, so a PeerJS app switches to a Weft node by
 * changing only {@code host} and {@code port}. See docs/protocol.md, "PeerJS".
 */
public final class PeerJsFeature implements NodeFeature {
    private PeerJsSettings settings;
    private PeerJsHub hub;
    private PeerJsEndpoint endpoint;
    private Map<String, HttpEndpoint> routes = Map.of();

    @Override
    public void start(NodeContext context) {
        settings = context.config().extension(PeerJsSettings.class).orElse(PeerJsSettings.DEFAULTS);
        if (!settings.enabled()) {
            return;
        }
        hub = new PeerJsHub(settings, context.signaling().directory());
        hub.start(context.workers().next());
        endpoint = new PeerJsEndpoint(hub, context.config());
        routes = PeerJsHttp.routes(settings, hub, context.json());
    }

    @Override
    public List<WebSocketEndpoint> webSockets() {
        return endpoint == null ? List.of() : List.of(endpoint);
    }

    @Override
    public Map<String, HttpEndpoint> http() {
        return routes;
    }

    @Override
    public void health(ObjectNode body) {
        if (hub != null) {
            body.put("peerjsPeers", hub.size());
        }
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.stop();
        }
    }
}
