package dev.weft.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.IceServer;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/ice-servers}: the RTCIceServer list clients should use, as a JSON array ready for
 * {@code new RTCPeerConnection({iceServers})}. The list is computed per request so time-limited credentials
 * can be fresh.
 */
public final class IceServersEndpoint implements HttpEndpoint {
    private final ObjectMapper json;
    private final Supplier<List<IceServer>> servers;

    public IceServersEndpoint(ObjectMapper json, Supplier<List<IceServer>> servers) {
        this.json = json;
        this.servers = servers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!Methods.readOnly(ctx, req)) {
            return;
        }
        ArrayNode list = json.createArrayNode();
        for (IceServer s : servers.get()) {
            ObjectNode entry = list.addObject();
            entry.put("urls", s.url());
            if (s.username() != null) {
                entry.put("username", s.username());
                entry.put("credential", s.credential());
            }
        }
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, Methods.bytes(json, list));
    }
}
