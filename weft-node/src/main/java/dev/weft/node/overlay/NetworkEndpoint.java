package dev.weft.node.overlay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;

/** {@code GET /api/network}: this node's id, neighbours per group, links, known nodes, DHT size. */
final class NetworkEndpoint implements HttpEndpoint {
    private final OverlayFeature feature;
    private final ObjectMapper json;

    NetworkEndpoint(OverlayFeature feature, ObjectMapper json) {
        this.feature = feature;
        this.json = json;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "use GET");
            return;
        }
        feature.ensureStarted(((InetSocketAddress) ctx.channel().localAddress()).getPort());
        req.retain();
        feature.query(o -> o.snapshot()).whenComplete((snap, err) -> {
            try {
                byte[] body = json.writeValueAsBytes(feature.describe(snap));
                HttpResponses.json(ctx, req, HttpResponseStatus.OK, body);
            } catch (Exception e) {
                HttpResponses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "cannot describe the network");
            } finally {
                req.release();
            }
        });
    }
}
