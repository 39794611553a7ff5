package dev.weft.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Everything a node is configured with. Immutable; build with {@link #builder()}. The CLI
 * ({@code dev.weft.node.cli.NodeCommand}) maps flags onto this, tests build it directly.
 *
 * @param host              address to bind HTTP and WebSocket to
 * @param port              TCP port (0 picks a free one, see {@link WeftNode#port()})
 * @param iceServers        RTCIceServer entries served at {@code /api/ice-servers}
 * @param maxMessageBytes   largest WebSocket message accepted; larger frames close the socket with 1009
 * @param messagesPerSecond sustained per-connection message rate; bursts up to twice that
 * @param heartbeatInterval how long a socket may be quiet before the node pings it
 * @param heartbeatTimeout  how long a socket may be silent (not even a pong) before it is evicted
 * @param reclaimGrace      how long an id stays reserved for its token after its socket died without a close
 * @param registerTimeout   how long a native socket may stay open without registering
 * @param maxConnections    WebSocket connections accepted at once; more are refused with 503
 * @param ioThreads         event-loop threads for HTTP and WebSocket; 0: one per available core
 * @param adminToken        bearer token for admin endpoints (/metrics, /api/turn/*); null: they answer 401
 * @param extensions        settings of optional features, by their settings type (see {@link #extension})
 */
public record NodeConfig(
        String host,
        int port,
        List<IceServer> iceServers,
        int maxMessageBytes,
        int messagesPerSecond,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration reclaimGrace,
        Duration registerTimeout,
        int maxConnections,
        int ioThreads,
        String adminToken,
        Map<Class<?>, Object> extensions) {

    public NodeConfig {
        extensions = Map.copyOf(extensions);
        Objects.requireNonNull(host, "host");
        iceServers = List.copyOf(iceServers);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max message size must be 1 KiB - 16 MiB");
        }
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1 message per second");
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeat timeout must be longer than the heartbeat interval");
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            throw new IllegalArgumentException("io threads must be 0 (one per core) to 1024");
        }
    }

    /** The number of event loops to run: {@link #ioThreads}, or one per available core when it is 0. */
    public int eventLoops() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The settings a feature registered under {@code type}, if any. */
    public <T> Optional<T> extension(Class<T> type) {
        return Optional.ofNullable(type.cast(extensions.get(type)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).iceServers(iceServers).maxMessageBytes(maxMessageBytes)
                .messagesPerSecond(messagesPerSecond).heartbeatInterval(heartbeatInterval)
                .heartbeatTimeout(heartbeatTimeout).reclaimGrace(reclaimGrace).registerTimeout(registerTimeout)
                .maxConnections(maxConnections).ioThreads(ioThreads).adminToken(adminToken).extensions(extensions);
    }

    /** Builder with the documented defaults (docs/operations in README: `--help`). */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private List<IceServer> iceServers = List.of();
        private int maxMessageBytes = 64 * 1024;
        private int messagesPerSecond = 100;
        private Duration heartbeatInterval = Duration.ofSeconds(20);
        private Duration heartbeatTimeout = Duration.ofSeconds(60);
        private Duration reclaimGrace = Duration.ofSeconds(10);
        private Duration registerTimeout = Duration.ofSeconds(10);
        private int maxConnections = 200_000;
        private int ioThreads;
        private String adminToken;
        private final Map<Class<?>, Object> extensions = new HashMap<>();

        public Builder host(String v) {
            host = v;
            return this;
        }

        /** The host set so far (features derive defaults from it). */
        public String host() {
            return host;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder iceServers(List<IceServer> v) {
            iceServers = v;
            return this;
        }

        public Builder maxMessageBytes(int v) {
            maxMessageBytes = v;
            return this;
        }

        public Builder messagesPerSecond(int v) {
            messagesPerSecond = v;
            return this;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder heartbeatTimeout(Duration v) {
            heartbeatTimeout = v;
            return this;
        }

        public Builder reclaimGrace(Duration v) {
            reclaimGrace = v;
            return this;
        }

        public Builder registerTimeout(Duration v) {
            registerTimeout = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        public Builder adminToken(String v) {
            adminToken = v;
            return this;
        }

        /** Settings for an optional feature, read back with {@link NodeConfig#extension}. */
        public <T> Builder extension(Class<T> type, T settings) {
            extensions.put(type, settings);
            return this;
        }

        Builder extensions(Map<Class<?>, Object> all) {
            extensions.putAll(all);
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(host, port, iceServers, maxMessageBytes, messagesPerSecond, heartbeatInterval,
                    heartbeatTimeout, reclaimGrace, registerTimeout, maxConnections, ioThreads, adminToken, extensions);
        }
    }
}
