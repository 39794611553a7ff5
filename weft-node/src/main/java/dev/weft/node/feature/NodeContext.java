package dev.weft.node.feature;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.NodeConfig;
import dev.weft.node.signal.SignalingHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;

/**
 * What a feature gets from the node when it starts.
 *
 * @param metrics the node's registry, scraped at {@code GET /metrics} (Prometheus text format)
 */
public record NodeContext(NodeConfig config, SignalingHub signaling, EventLoopGroup workers, ObjectMapper json,
                          MeterRegistry metrics) {
}
