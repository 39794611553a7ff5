package dev.weft.node.feature;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.classic.ClassicEndpoint;
import dev.weft.node.classic.ClassicHub;
import dev.weft.node.ws.WebSocketEndpoint;
import java.util.List;

/** The classic protocol of seed 003 at {@code /classic}, as a feature. */
public final class CoreFeatures {
    private CoreFeatures() {
    }

    /** Seed 003's protocol. */
    public static final class Classic implements NodeFeature {
        private final ClassicHub hub = new ClassicHub();
        private WebSocketEndpoint endpoint;

        @Override
        public void start(NodeContext context) {
            hub.useDirectory(context.signaling().directory());
            endpoint = new ClassicEndpoint(hub, context.config());
        }

        @Override
        public List<WebSocketEndpoint> webSockets() {
            return List.of(endpoint);
        }

        @Override
        public void health(ObjectNode body) {
            body.put("classicUsers", hub.size());
        }
    }
}
