package dev.weft.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** {@code GET /healthz}: 200 with {@code {"status":"ok"|"degraded",...}} while the node serves. */
public final class HealthEndpoint implements HttpEndpoint {
    private final ObjectMapper json;
    private final Consumer<ObjectNode> details;
    private final BooleanSupplier healthy;

    /**
     * @param details fills in component figures (connections, peers, ...)
     * @param healthy false when a component works in a degraded mode (status "degraded", still 200)
     */
    public HealthEndpoint(ObjectMapper json, Consumer<ObjectNode> details, BooleanSupplier healthy) {
        this.json = json;
        this.details = details;
        this.healthy = healthy;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!Methods.readOnly(ctx, req)) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("status", healthy.getAsBoolean() ? "ok" : "degraded");
        details.accept(body);
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, Methods.bytes(json, body));
    }
}
