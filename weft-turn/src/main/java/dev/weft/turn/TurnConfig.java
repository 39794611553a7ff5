package dev.weft.turn;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable configuration of a {@link TurnServer}. Build with {@link #builder()}; every setting has a default
 * that is safe on a public address (see each builder method).
 *
 * <pre>{@code
 * TurnConfig config = TurnConfig.builder()
 *         .port(3478)
 *         .relayAddress("203.0.113.10")
 *         .realm("example.org")
 *         .restSecret(System.getenv("TURN_SECRET"))
 *         .build();
 * }</pre>
 */
public final class TurnConfig {
    /** Default allocation lifetime (RFC 8656 Section 7). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(600);
    /** Permission lifetime (RFC 8656 Section 9). */
    public static final Duration PERMISSION_LIFETIME = Duration.ofSeconds(300);
    /** Channel binding lifetime (RFC 8656 Section 12). */
    public static final Duration CHANNEL_LIFETIME = Duration.ofSeconds(600);

    private final String listenHost;
    private final int port;
    private final int tlsPort;
    private final Path tlsCertificate;
    private final Path tlsPrivateKey;
    private final String relayAddress;
    private final int relayPortMin;
    private final int relayPortMax;
    private final String realm;
    private final Map<String, String> users;
    private final String restSecret;
    private final List<String> allowedPeers;
    private final List<String> deniedPeers;
    private final int userQuota;
    private final int totalQuota;
    private final long bandwidthLimit;
    private final Duration nonceLifetime;
    private final Duration maxLifetime;
    private final String software;
    private final Clock clock;
    private final MeterRegistry meterRegistry;
    private final int ioThreads;
    private final boolean nativeTransport;
    private final boolean rfc5766ChannelNumbers;
    private final boolean connectedUdp;

    private TurnConfig(Builder b) {
        listenHost = b.listenHost;
        port = b.port;
        tlsPort = b.tlsPort;
        tlsCertificate = b.tlsCertificate;
        tlsPrivateKey = b.tlsPrivateKey;
        relayAddress = b.relayAddress;
        relayPortMin = b.relayPortMin;
        relayPortMax = b.relayPortMax;
        realm = b.realm;
        users = Map.copyOf(b.users);
        restSecret = b.restSecret;
        allowedPeers = List.copyOf(b.allowedPeers);
        deniedPeers = List.copyOf(b.deniedPeers);
        userQuota = b.userQuota;
        totalQuota = b.totalQuota;
        bandwidthLimit = b.bandwidthLimit;
        nonceLifetime = b.nonceLifetime;
        maxLifetime = b.maxLifetime;
        software = b.software;
        clock = b.clock;
        meterRegistry = b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry();
        ioThreads = b.ioThreads;
        nativeTransport = b.nativeTransport;
        rfc5766ChannelNumbers = b.rfc5766ChannelNumbers;
        connectedUdp = b.connectedUdp;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String listenHost() { return listenHost; }
    public int port() { return port; }
    /** The TLS port, or -1 when TLS is off. */
    public int tlsPort() { return tlsPort; }
    public Path tlsCertificate() { return tlsCertificate; }
    public Path tlsPrivateKey() { return tlsPrivateKey; }
    /** The relay address, or null to derive it from the listen host at start. */
    public String relayAddress() { return relayAddress; }
    public int relayPortMin() { return relayPortMin; }
    public int relayPortMax() { return relayPortMax; }
    public String realm() { return realm; }
    public Map<String, String> users() { return users; }
    /** The REST shared secret, or null when REST credentials are off. */
    public String restSecret() { return restSecret; }
    public List<String> allowedPeers() { return allowedPeers; }
    public List<String> deniedPeers() { return deniedPeers; }
    /** Allocations per user, 0 for no limit. */
    public int userQuota() { return userQuota; }
    /** Allocations in total, 0 for no limit. */
    public int totalQuota() { return totalQuota; }
    /** Relayed payload bytes per second per allocation (both directions together), 0 for no limit. */
    public long bandwidthLimit() { return bandwidthLimit; }
    public Duration nonceLifetime() { return nonceLifetime; }
    public Duration maxLifetime() { return maxLifetime; }
    public String software() { return software; }
    public Clock clock() { return clock; }
    public MeterRegistry meterRegistry() { return meterRegistry; }
    public int ioThreads() { return ioThreads; }
    public boolean nativeTransport() { return nativeTransport; }
    public boolean rfc5766ChannelNumbers() { return rfc5766ChannelNumbers; }
    public boolean connectedUdp() { return connectedUdp; }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private String listenHost = "0.0.0.0";
        private int port = 3478;
        private int tlsPort = -1;
        private Path tlsCertificate;
        private Path tlsPrivateKey;
        private String relayAddress;
        private int relayPortMin = 49152;
        private int relayPortMax = 65535;
        private String realm = "weft";
        private final Map<String, String> users = new LinkedHashMap<>();
        private String restSecret;
        private final List<String> allowedPeers = new ArrayList<>();
        private final List<String> deniedPeers = new ArrayList<>();
        private int userQuota;
        private int totalQuota;
        private long bandwidthLimit;
        private Duration nonceLifetime = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofHours(1);
        private String software = "weft-turn";
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private boolean nativeTransport = true;
        private boolean rfc5766ChannelNumbers;
        private boolean connectedUdp = dev.weft.turn.internal.Transports.connectedUdpByDefault();

        private Builder() {
        }

        /** Address to listen on for UDP, TCP and TLS. Default {@code 0.0.0.0}. */
        public Builder listenHost(String host) { this.listenHost = host; return this; }

        /** Port for both UDP and TCP. Default 3478; 0 picks a free port (read it back from the server). */
        public Builder port(int port) { this.port = port; return this; }

        /** Turns on TURN over TLS on {@code port} (0 = free port) with a PEM certificate chain and PKCS#8 key. */
        public Builder tls(int port, Path certificatePem, Path privateKeyPem) {
            this.tlsPort = port;
            this.tlsCertificate = certificatePem;
            this.tlsPrivateKey = privateKeyPem;
            return this;
        }

        /**
         * The address relay sockets bind to and that is advertised in XOR-RELAYED-ADDRESS. Default: the listen
         * host; when that is a wildcard, the first non-loopback IPv4 address of this machine (or 127.0.0.1).
         */
        public Builder relayAddress(String address) { this.relayAddress = address; return this; }

        /** Relay port range, inclusive. Default 49152-65535. */
        public Builder relayPorts(int min, int max) { this.relayPortMin = min; this.relayPortMax = max; return this; }

        /** The REALM for long-term credentials. Default {@code weft}. */
        public Builder realm(String realm) { this.realm = realm; return this; }

        /** Adds a static user. */
        public Builder user(String name, String password) { this.users.put(name, password); return this; }

        /** Adds static users. */
        public Builder users(Map<String, String> users) { this.users.putAll(users); return this; }

        /** Turns on TURN REST credentials ({@link TurnCredentials}) with this shared secret. Default off. */
        public Builder restSecret(String secret) { this.restSecret = secret; return this; }

        /**
         * Allows relaying to peers in this CIDR ({@code 127.0.0.0/8}, {@code 10.1.2.3}, {@code fd00::/8}) even if
         * it is in a range denied by default: loopback, private, link-local, CGNAT, multicast, unspecified and
         * reserved addresses, and IPv4-mapped/NAT64 forms of those.
         */
        public Builder allowPeer(String cidr) { this.allowedPeers.add(cidr); return this; }

        /** Denies relaying to peers in this CIDR, on top of the default denials. Allowed CIDRs win. */
        public Builder denyPeer(String cidr) { this.deniedPeers.add(cidr); return this; }

        /** Most allocations one user may hold at once; 0 (default) for no limit. Over it: 486. */
        public Builder userQuota(int quota) { this.userQuota = quota; return this; }

        /** Most allocations the server holds at once; 0 (default) for no limit. Over it: 486. */
        public Builder totalQuota(int quota) { this.totalQuota = quota; return this; }

        /** Payload bytes per second one allocation may relay (both directions); 0 (default) for no limit. */
        public Builder bandwidthLimit(long bytesPerSecond) { this.bandwidthLimit = bytesPerSecond; return this; }

        /** How long a NONCE stays valid before requests get 438 Stale Nonce. Default 10 minutes. */
        public Builder nonceLifetime(Duration lifetime) { this.nonceLifetime = lifetime; return this; }

        /** Longest allocation lifetime granted (RFC 8656 Section 7). Default 1 hour. */
        public Builder maxLifetime(Duration lifetime) { this.maxLifetime = lifetime; return this; }

        /** The SOFTWARE attribute in responses; null or empty to leave it out. Default {@code weft-turn}. */
        public Builder software(String software) { this.software = software; return this; }

        /** The clock for lifetimes, nonces and REST expiry. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** Where the server registers its meters. Default: a private {@code SimpleMeterRegistry}. */
        public Builder meterRegistry(MeterRegistry registry) { this.meterRegistry = registry; return this; }

        /** Event-loop threads. Default: the number of CPUs. */
        public Builder ioThreads(int threads) { this.ioThreads = threads; return this; }

        /** Use Linux epoll when available (default true); false forces Java NIO. */
        public Builder nativeTransport(boolean enabled) { this.nativeTransport = enabled; return this; }

        /**
         * Accept channel numbers 0x5000-0x7FFF as RFC 5766 did (coturn's clients use them). Default false:
         * RFC 8656's 0x4000-0x4FFF only, other numbers get 400.
         */
        public Builder rfc5766ChannelNumbers(boolean enabled) { this.rfc5766ChannelNumbers = enabled; return this; }

        /**
         * Give each UDP client with an allocation its own socket, bound to the listening address with SO_REUSEPORT
         * and connected to the client (epoll only), so that sends skip the per-datagram route lookup. Default: on
         * for Linux 6.13 and later (4-tuple hashed UDP lookups), off otherwise.
         */
        public Builder connectedUdp(boolean enabled) { this.connectedUdp = enabled; return this; }

        public TurnConfig build() {
            require(listenHost != null && !listenHost.isBlank(), "listenHost is required");
            require(port >= 0 && port <= 65535, "port must be 0..65535");
            require(tlsPort == -1 || (tlsPort >= 0 && tlsPort <= 65535 && tlsCertificate != null && tlsPrivateKey != null),
                    "TLS needs a port, a certificate and a key");
            require(relayPortMin > 0 && relayPortMin <= relayPortMax && relayPortMax <= 65535,
                    "relay ports must be 1..65535 with min <= max");
            require(realm != null && !realm.isEmpty(), "realm is required");
            require(userQuota >= 0 && totalQuota >= 0 && bandwidthLimit >= 0, "quotas and limits must be >= 0");
            require(!nonceLifetime.isNegative() && !nonceLifetime.isZero(), "nonceLifetime must be positive");
            require(maxLifetime.compareTo(DEFAULT_LIFETIME) >= 0, "maxLifetime must be at least 600 s");
            require(clock != null, "clock is required");
            require(ioThreads > 0, "ioThreads must be positive");
            require(!users.isEmpty() || restSecret != null, "configure static users or a REST secret");
            return new TurnConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
