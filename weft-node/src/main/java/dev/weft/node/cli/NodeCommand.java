package dev.weft.node.cli;

import dev.weft.node.IceServer;
import dev.weft.node.NodeConfig;
import dev.weft.node.WeftNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.weft.node.turn.TurnCommand;
import dev.weft.node.turn.TurnOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar weft-node.jar [options]}: runs a node until interrupted. */
@Command(name = "weft-node", mixinStandardHelpOptions = true, version = "Weft node " + WeftNode.VERSION,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = TurnCommand.class,
        description = "Runs a Weft node: WebRTC signaling (/ws, /classic), the weft.js client and the apps.",
        footer = {"", "Docs: docs/protocol.md (messages and error codes), docs/architecture.md."})
public final class NodeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host = "0.0.0.0";

    @Option(names = "--port", paramLabel = "N", description = "HTTP and WebSocket port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--ice-server", paramLabel = "URI", converter = IceServerConverter.class,
            description = "An ICE server for clients, repeatable: stun:host[:port] or turn:[user:pass@]host[:port][?transport=udp|tcp]. Default: none.")
    List<IceServer> iceServers = new ArrayList<>();

    @Option(names = "--max-message-size", paramLabel = "BYTES", description = "Largest WebSocket message; larger ones close the socket with 1009. Default: ${DEFAULT-VALUE}.")
    int maxMessageBytes = 64 * 1024;

    @Option(names = "--rate-limit", paramLabel = "N", description = "Messages per second per connection (bursts of 2N). Default: ${DEFAULT-VALUE}.")
    int rateLimit = 100;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event-loop threads for HTTP and WebSocket; 0: one per available core. Default: ${DEFAULT-VALUE}.")
    int ioThreads = 0;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Ping a quiet socket after this long. Default: 20s.")
    Duration heartbeatInterval = Duration.ofSeconds(20);

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Evict a socket silent for this long. Default: 60s.")
    Duration heartbeatTimeout = Duration.ofSeconds(60);

    @Option(names = "--reclaim-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep a dropped client's id for its token this long (0 = free at once). Default: 10s.")
    Duration reclaimGrace = Duration.ofSeconds(10);

    @Option(names = "--register-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close /ws sockets that do not register within this time. Default: 10s.")
    Duration registerTimeout = Duration.ofSeconds(10);

    @Option(names = "--max-connections", paramLabel = "N", description = "WebSocket connections accepted at once. Default: ${DEFAULT-VALUE}.")
    int maxConnections = 200_000;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Bearer token for the admin API (/metrics, /api/turn/*); at least 16 characters. Default: none (they answer 401).")
    String adminToken;

    @Mixin
    TurnOptions turn = new TurnOptions();

    @Mixin
    dev.weft.node.cluster.ClusterOptions cluster = new dev.weft.node.cluster.ClusterOptions();

    @Mixin
    dev.weft.node.peerjs.PeerJsOptions peerJs = new dev.weft.node.peerjs.PeerJsOptions();

    @Mixin
    LobbyOptions lobbyOptions = new LobbyOptions();

    @Mixin
    dev.weft.node.overlay.OverlayOptions overlayOptions = new dev.weft.node.overlay.OverlayOptions();

    /** The features' flag groups (picocli mixins), in the order their settings are applied. */
    List<FeatureOptions> featureOptions() {
        return List.of(turn, cluster, peerJs, lobbyOptions, overlayOptions);
    }

    NodeConfig config() {
        NodeConfig.Builder b = NodeConfig.builder().host(host).port(port).iceServers(iceServers)
                .maxMessageBytes(maxMessageBytes).messagesPerSecond(rateLimit).heartbeatInterval(heartbeatInterval)
                .heartbeatTimeout(heartbeatTimeout).reclaimGrace(reclaimGrace).registerTimeout(registerTimeout)
                .maxConnections(maxConnections).ioThreads(ioThreads).adminToken(adminToken);
        for (FeatureOptions options : featureOptions()) {
            options.contribute(b);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("weft-node: " + e.getMessage() + " (see --help)");
            return 2;
        }
        WeftNode node;
        try {
            node = WeftNode.start(config);
        } catch (Exception e) {
            System.err.println("weft-node: cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "weft-shutdown"));
        node.awaitClose();
        return 0;
    }
}
