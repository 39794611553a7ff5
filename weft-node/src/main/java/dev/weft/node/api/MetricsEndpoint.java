package dev.weft.node.api;

import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the node's meters in Prometheus text format; needs the admin token. */
public final class MetricsEndpoint implements HttpEndpoint {
    private final PrometheusMeterRegistry registry;
    private final AdminAuth auth;

    public MetricsEndpoint(PrometheusMeterRegistry registry, AdminAuth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!Methods.readOnly(ctx, req) || !auth.check(ctx, req)) {
            return;
        }
        HttpResponses.send(ctx, req, HttpResponseStatus.OK, registry.scrape().getBytes(StandardCharsets.UTF_8),
                "text/plain; version=0.0.4; charset=utf-8", null);
    }
}
