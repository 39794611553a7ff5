package dev.weft.node.turn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.api.AdminAuth;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import dev.weft.turn.AllocationInfo;
import dev.weft.turn.TurnServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /api/turn/allocations}: the live allocations as JSON; {@code DELETE /api/turn/allocations/{id}}:
 * ends one at once. Both need the admin token.
 */
final class TurnAdminEndpoint implements HttpEndpoint {
    private static final String PREFIX = "/api/turn/allocations";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TurnServer server;
    private final AdminAuth auth;

    TurnAdminEndpoint(TurnServer server, AdminAuth auth) {
        this.server = server;
        this.auth = auth;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!auth.check(ctx, req)) {
            return;
        }
        String path = req.uri().split("\\?", 2)[0];
        if (path.equals(PREFIX) && HttpMethod.GET.equals(req.method())) {
            ArrayNode list = JSON.createArrayNode();
            for (AllocationInfo a : server.allocations()) {
                list.add(toJson(a));
            }
            HttpResponses.json(ctx, req, HttpResponseStatus.OK, bytes(list));
        } else if (path.startsWith(PREFIX + "/") && HttpMethod.DELETE.equals(req.method())) {
            String id = path.substring(PREFIX.length() + 1);
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "not an allocation id");
            } else if (server.terminate(id)) {
                HttpResponses.json(ctx, req, HttpResponseStatus.OK, ("{\"terminated\":\"" + id + "\"}").getBytes());
            } else {
                HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no allocation " + id);
            }
        } else {
            HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "use GET " + PREFIX + " or DELETE " + PREFIX + "/{id}");
        }
    }

    private static ObjectNode toJson(AllocationInfo a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", a.id());
        o.put("username", a.username());
        o.put("client", a.client().toString());
        o.put("relayed", address(a.relayed()));
        o.put("created", a.created().toString());
        o.put("expires", a.expires().toString());
        ArrayNode permissions = o.putArray("permissions");
        a.permissions().forEach(p -> permissions.add(p.getHostAddress()));
        ObjectNode channels = o.putObject("channels");
        a.channels().forEach((n, peer) -> channels.put(String.format("0x%04x", n), address(peer)));
        o.put("bytesIn", a.bytesIn());
        o.put("bytesOut", a.bytesOut());
        o.put("packetsIn", a.packetsIn());
        o.put("packetsOut", a.packetsOut());
        o.put("dropped", a.dropped());
        return o;
    }

    private static String address(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
