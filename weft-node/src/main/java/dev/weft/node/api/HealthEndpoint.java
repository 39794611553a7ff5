package dev.weft.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Consumer;

/** {@code GET /healthz}: 200 with {@code {"status":"ok",...}} while the node serves. */
public final class HealthEndpoint implements HttpEndpoint {
    private final ObjectMapper json;
    private final Consumer<ObjectNode> details;

    /** @param details fills in component figures (connections, peers, ...) */
    public HealthEndpoint(ObjectMapper json, Consumer<ObjectNode> details) {
        this.json = json;
        this.details = details;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!Methods.readOnly(ctx, req)) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("status", "ok");
        details.accept(body);
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, Methods.bytes(json, body));
    }
}
