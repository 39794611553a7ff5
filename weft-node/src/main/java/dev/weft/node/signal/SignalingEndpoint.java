package dev.weft.node.signal;

import dev.weft.node.NodeConfig;
import dev.weft.node.feature.SignalingExtension;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.protocol.ClientMessageReader;
import dev.weft.protocol.SignalingProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.util.Map;

/** The native signaling protocol at {@code /ws}. */
public final class SignalingEndpoint implements WebSocketEndpoint {
    private final SignalingHub hub;
    private final NodeConfig config;
    private final ClientMessageReader reader;
    private final Map<String, SignalingExtension> extensions;

    /** @param extensions extra message types contributed by node features */
    public SignalingEndpoint(SignalingHub hub, NodeConfig config, Map<String, SignalingExtension> extensions) {
        this.hub = hub;
        this.config = config;
        this.extensions = Map.copyOf(extensions);
        this.reader = new ClientMessageReader(extensions.keySet());
    }

    @Override
    public String path() {
        return SignalingProtocol.PATH;
    }

    @Override
    public ChannelHandler newHandler(Channel channel) {
        return new SignalingHandler(hub, reader, config, channel, extensions);
    }
}
