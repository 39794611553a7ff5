package dev.weft.node.turn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the node's built-in STUN/TURN server ({@code --turn-*} flags; {@code --turn-port 0} gives
 * {@code enabled == false}).
 *
 * @param port           UDP and TCP port; 0 picks free ones (tests)
 * @param secret         TURN REST API shared secret; the node issues its clients time-limited credentials with
 *                       it. Generated at start when not given (then only this node's clients can use them).
 * @param credentialTtl  lifetime of the credentials handed out by /api/ice-servers
 */
public record TurnSettings(
        boolean enabled,
        int port,
        int tlsPort,
        Path tlsCertificate,
        Path tlsPrivateKey,
        String listenHost,
        String relayAddress,
        int minPort,
        int maxPort,
        String realm,
        Map<String, String> users,
        String secret,
        Duration credentialTtl,
        List<String> allowedPeers,
        int userQuota,
        int totalQuota,
        long maxBytesPerSecond) {

    public TurnSettings {
        users = Map.copyOf(users);
        allowedPeers = List.copyOf(allowedPeers);
        if (port < 0 || port > 65535 || tlsPort < 0 || tlsPort > 65535) {
            throw new IllegalArgumentException("TURN ports must be 0-65535");
        }
        if (minPort < 1024 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("TURN relay port range must be within 1024-65535 and min <= max");
        }
        if ((tlsPort > 0) != (tlsCertificate != null && tlsPrivateKey != null)) {
            throw new IllegalArgumentException("--turn-tls-port needs --turn-cert and --turn-key (and the other way round)");
        }
        if (credentialTtl.isNegative() || credentialTtl.isZero()) {
            throw new IllegalArgumentException("--turn-credential-ttl must be positive");
        }
    }

    /** Defaults for tests and embedding: TURN on {@code port}, relaying allowed to 127.0.0.0/8. */
    public static TurnSettings loopback(int port) {
        return new TurnSettings(true, port, 0, null, null, "127.0.0.1", "127.0.0.1", 49152, 65535, "weft", Map.of(), null,
                Duration.ofHours(1), List.of("127.0.0.0/8"), 10, 10_000, 0);
    }
}
