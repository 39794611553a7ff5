package dev.weft.node.turn;

import dev.weft.turn.TurnConfig;
import dev.weft.turn.TurnServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar weft-node.jar turn [options]}: the STUN/TURN server alone, without signaling or apps. */
@Command(name = "turn", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs only the STUN/TURN server (RFC 8489/8656) with the --turn-* flags.")
public final class TurnCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDR", description = "Default for --turn-listen. Default: ${DEFAULT-VALUE}.")
    String host = "0.0.0.0";

    @Mixin
    TurnOptions options = new TurnOptions();

    @Override
    public Integer call() throws Exception {
        TurnSettings s;
        try {
            options.nodeHost(host);
            s = options.settings();
            if (!s.enabled()) {
                throw new IllegalArgumentException("--turn-port 0 turns TURN off; nothing to run");
            }
            if (s.secret() == null && s.users().isEmpty()) {
                throw new IllegalArgumentException("give --turn-user NAME:PASSWORD or --turn-secret SECRET, or no client can authenticate");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("weft-node turn: " + e.getMessage() + " (see turn --help)");
            return 2;
        }
        TurnConfig.Builder b = TurnConfig.builder().listenHost(s.listenHost()).port(s.port())
                .relayAddress(s.relayAddress()).relayPorts(s.minPort(), s.maxPort()).realm(s.realm())
                .users(s.users()).userQuota(s.userQuota()).totalQuota(s.totalQuota())
                .bandwidthLimit(s.maxBytesPerSecond());
        if (s.secret() != null) {
            b.restSecret(s.secret());
        }
        s.allowedPeers().forEach(b::allowPeer);
        if (s.tlsPort() > 0) {
            b.tls(s.tlsPort(), s.tlsCertificate(), s.tlsPrivateKey());
        }
        TurnServer server;
        try {
            server = new TurnServer(b.build()).start();
        } catch (Exception e) {
            System.err.println("weft-node turn: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "weft-turn-shutdown"));
        System.err.println("weft-node turn: STUN/TURN on " + s.listenHost() + ":" + server.udpPort() + " (udp, tcp)");
        stop.await();
        return 0;
    }
}
