package dev.weft.node.lobby;

import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import dev.weft.protocol.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/lobby[?mode=M][&map=X]}: the lobby's entries as a JSON array, oldest first. A bad filter
 * value gets 400 {@code BAD_REQUEST}; a shared store out of reach 503
 * {@code CLUSTER_UNAVAILABLE}.
 */
final class LobbyHttp implements HttpEndpoint {
    private final Lobby lobby;
    private final LobbyMessages messages;

    LobbyHttp(Lobby lobby, LobbyMessages messages) {
        this.lobby = lobby;
        this.messages = messages;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    req.method() + " is not allowed here; use GET");
            return;
        }
        Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
        LobbyFilter filter;
        try {
            filter = LobbyRules.filter(single(query, "mode"), single(query, "map"));
        } catch (ProtocolException e) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", e.getMessage());
            return;
        }
        List<LobbyEntry> entries;
        try {
            entries = lobby.list(filter);
        } catch (LobbyUnavailableException e) {
            HttpResponses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "CLUSTER_UNAVAILABLE", e.getMessage());
            return;
        }
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, messages.list(entries));
    }

    private static String single(Map<String, List<String>> query, String name) throws ProtocolException {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw LobbyRules.invalid(name + " may be given once");
        }
        return values.get(0);
    }
}
