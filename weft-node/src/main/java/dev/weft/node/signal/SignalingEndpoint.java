package dev.weft.node.signal;

import dev.weft.node.NodeConfig;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.protocol.ClientMessageReader;
import dev.weft.protocol.SignalingProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/** The native signaling protocol at {@code /ws}. */
public final class SignalingEndpoint implements WebSocketEndpoint {
    private final SignalingHub hub;
    private final NodeConfig config;
    private final ClientMessageReader reader = new ClientMessageReader();

    public SignalingEndpoint(SignalingHub hub, NodeConfig config) {
        this.hub = hub;
        this.config = config;
    }

    @Override
    public String path() {
        return SignalingProtocol.PATH;
    }

    @Override
    public ChannelHandler newHandler(Channel channel) {
        return new SignalingHandler(hub, reader, config, channel);
    }
}
