package dev.weft.node.turn;

import dev.weft.node.NodeConfig;
import dev.weft.node.cli.DurationConverter;
import dev.weft.node.cli.FeatureOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The built-in STUN/TURN server's flags (a picocli mixin of the node and of the {@code turn} subcommand). */
public final class TurnOptions implements FeatureOptions {
    @Option(names = "--turn-port", paramLabel = "N", description = "STUN/TURN port, UDP and TCP (0 = off). Default: ${DEFAULT-VALUE}.")
    int port = 3478;

    @Option(names = "--turn-tls-port", paramLabel = "N", description = "TURN over TLS port (needs --turn-cert and --turn-key). Default: off.")
    int tlsPort;

    @Option(names = "--turn-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM) for --turn-tls-port.")
    Path certificate;

    @Option(names = "--turn-key", paramLabel = "PEM", description = "TLS private key (PKCS#8 PEM) for --turn-tls-port.")
    Path privateKey;

    @Option(names = "--turn-listen", paramLabel = "ADDR", description = "Address the STUN/TURN server binds. Default: the node's --host.")
    String listen;

    @Option(names = "--turn-relay-address", paramLabel = "ADDR",
            description = "Address relay sockets bind to and advertise (set it to the server's public address). Default: --host, or 127.0.0.1 when --host is a wildcard.")
    String relayAddress;

    @Option(names = "--turn-min-port", paramLabel = "N", description = "Lowest relay port. Default: ${DEFAULT-VALUE}.")
    int minPort = 49152;

    @Option(names = "--turn-max-port", paramLabel = "N", description = "Highest relay port. Default: ${DEFAULT-VALUE}.")
    int maxPort = 65535;

    @Option(names = "--turn-realm", paramLabel = "REALM", description = "Authentication realm. Default: ${DEFAULT-VALUE}.")
    String realm = "weft";

    @Option(names = "--turn-user", paramLabel = "NAME:PASSWORD", description = "A static TURN user, repeatable.")
    List<String> users = new ArrayList<>();

    @Option(names = "--turn-secret", paramLabel = "SECRET",
            description = "TURN REST API secret (time-limited credentials, as coturn's static-auth-secret). Default: random per start.")
    String secret;

    @Option(names = "--turn-credential-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime of the credentials /api/ice-servers hands out. Default: 1h.")
    Duration credentialTtl = Duration.ofHours(1);

    @Option(names = "--turn-allow-peer", paramLabel = "CIDR",
            description = "Allow relaying to this range although it is loopback/private/link-local (e.g. 127.0.0.0/8), repeatable. Default: none.")
    List<String> allowedPeers = new ArrayList<>();

    @Option(names = "--turn-user-quota", paramLabel = "N", description = "Allocations per user at once. Default: ${DEFAULT-VALUE}.")
    int userQuota = 10;

    @Option(names = "--turn-total-quota", paramLabel = "N", description = "Allocations in total at once. Default: ${DEFAULT-VALUE}.")
    int totalQuota = 10_000;

    @Option(names = "--turn-max-bps", paramLabel = "BYTES", description = "Bandwidth cap per allocation in bytes/s (0 = none). Default: ${DEFAULT-VALUE}.")
    long maxBps;

    /** The node's --host, used for the defaults of --turn-listen and --turn-relay-address. */
    private String nodeHost = "0.0.0.0";

    void nodeHost(String host) {
        nodeHost = host;
    }

    public TurnSettings settings() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon < 1 || colon == u.length() - 1) {
                throw new IllegalArgumentException("--turn-user must be NAME:PASSWORD, got '" + u + "'");
            }
            parsed.put(u.substring(0, colon), u.substring(colon + 1));
        }
        String listenHost = listen != null ? listen : nodeHost;
        boolean wildcard = listenHost.equals("0.0.0.0") || listenHost.equals("::");
        String relay = relayAddress != null ? relayAddress : wildcard ? "127.0.0.1" : listenHost;
        return new TurnSettings(port != 0, port, tlsPort, certificate, privateKey, listenHost, relay, minPort, maxPort, realm,
                parsed, secret, credentialTtl, allowedPeers, userQuota, totalQuota, maxBps);
    }

    @Override
    public void contribute(NodeConfig.Builder builder) {
        nodeHost(builder.host());
        builder.extension(TurnSettings.class, settings());
    }
}
