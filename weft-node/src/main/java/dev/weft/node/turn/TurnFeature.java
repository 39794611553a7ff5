package dev.weft.node.turn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.IceServer;
import dev.weft.node.api.AdminAuth;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.turn.TurnConfig;
import dev.weft.turn.TurnCredentials;
import dev.weft.turn.TurnServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's built-in STUN/TURN server (weft-turn): started with the node unless {@code --turn-port 0};
 * hands clients {@code stun:} and {@code turn:} URLs with fresh time-limited (TURN REST API) credentials
 * through /api/ice-servers, and serves the admin API {@code /api/turn/allocations}.
 */
public final class TurnFeature implements NodeFeature {
    private static final Logger log = LoggerFactory.getLogger(TurnFeature.class);

    private TurnSettings settings;
    private TurnServer server;
    private String secret;
    private AdminAuth auth;
    private final Clock clock = Clock.systemUTC();

    @Override
    public void start(NodeContext context) throws Exception {
        settings = context.config().extension(TurnSettings.class).orElse(null);
        if (settings == null || !settings.enabled()) {
            return;
        }
        secret = settings.secret() != null ? settings.secret() : randomSecret();
        TurnConfig.Builder b = TurnConfig.builder()
                .listenHost(settings.listenHost()).port(settings.port())
                .relayAddress(settings.relayAddress()).relayPorts(settings.minPort(), settings.maxPort())
                .realm(settings.realm()).users(settings.users()).restSecret(secret)
                .userQuota(settings.userQuota()).totalQuota(settings.totalQuota())
                .bandwidthLimit(settings.maxBytesPerSecond()).meterRegistry(context.metrics());
        settings.allowedPeers().forEach(b::allowPeer);
        if (settings.tlsPort() > 0) {
            b.tls(settings.tlsPort(), settings.tlsCertificate(), settings.tlsPrivateKey());
        }
        server = new TurnServer(b.build()).start();
        auth = new AdminAuth(context.config().adminToken());
        log.info("STUN/TURN on {}:{} (udp, tcp{}), relaying from {} ports {}-{}", settings.listenHost(),
                server.udpPort(), server.tlsPort() > 0 ? ", tls " + server.tlsPort() : "", settings.relayAddress(),
                settings.minPort(), settings.maxPort());
    }

    /** The running server, or null when TURN is off. */
    public TurnServer server() {
        return server;
    }

    @Override
    public List<IceServer> iceServers(String host) {
        if (server == null) {
            return List.of();
        }
        TurnCredentials c = TurnCredentials.issue(secret, "weft", settings.credentialTtl(), clock);
        List<IceServer> list = new ArrayList<>();
        list.add(new IceServer("stun:" + host + ":" + server.udpPort(), null, null));
        list.add(new IceServer("turn:" + host + ":" + server.udpPort() + "?transport=udp", c.username(), c.password()));
        list.add(new IceServer("turn:" + host + ":" + server.tcpPort() + "?transport=tcp", c.username(), c.password()));
        if (server.tlsPort() > 0) {
            list.add(new IceServer("turns:" + host + ":" + server.tlsPort() + "?transport=tcp", c.username(), c.password()));
        }
        return list;
    }

    @Override
    public Map<String, HttpEndpoint> http() {
        if (server == null) {
            return Map.of();
        }
        TurnAdminEndpoint admin = new TurnAdminEndpoint(server, auth);
        return Map.of("/api/turn/allocations", admin, "/api/turn/allocations/*", admin);
    }

    @Override
    public void health(ObjectNode body) {
        if (server != null) {
            ObjectNode turn = body.putObject("turn");
            turn.put("port", server.udpPort());
            turn.put("allocations", server.allocations().size());
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
