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
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code GET /api/ice-servers}: the RTCIceServer list clients should use, as a JSON array ready for
 * {@code new RTCPeerConnection({iceServers})}. The list is computed per request so time-limited credentials
 * can be fresh.
 */
public final class IceServersEndpoint implements HttpEndpoint {
    private final ObjectMapper json;
    private final Function<String, List<IceServer>> servers;

    /** @param servers the list for a client that reached the node by a given host name */
    public IceServersEndpoint(ObjectMapper json, Function<String, List<IceServer>> servers) {
        this.json = json;
        this.servers = servers;
    }

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    /** The host part of the Host header if it is a plain name or address, else 127.0.0.1. */
    static String requestHost(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.HOST, "");
        String host = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.split(":", 2)[0];
        return HOST.matcher(host).matches() ? host : "127.0.0.1";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!Methods.readOnly(ctx, req)) {
            return;
        }
        ArrayNode list = json.createArrayNode();
        for (IceServer s : servers.apply(requestHost(req))) {
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
