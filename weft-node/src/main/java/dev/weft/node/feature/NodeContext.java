package dev.weft.node.feature;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.NodeConfig;
import dev.weft.node.signal.SignalingHub;
import io.netty.channel.EventLoopGroup;

/** What a feature gets from the node when it starts. */
public record NodeContext(NodeConfig config, SignalingHub signaling, EventLoopGroup workers, ObjectMapper json) {
}
