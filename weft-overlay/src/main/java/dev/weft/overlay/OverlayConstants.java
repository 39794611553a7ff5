package dev.weft.overlay;

/**
 * The overlay's numbers, in one place (docs/overlay.md, "Constants"). The water marks and the route hop limit
 * are seed 000's; the seed's code used 8 as the full mark where its text says 10: 10 is used, and the check is
 * {@code >= full}, so a peer never takes an eleventh neighbour (the seed's {@code > max} took one more).
 */
public final class OverlayConstants {
    private OverlayConstants() {
    }

    /** The root group every peer is in. */
    public static final String ROOT = "/";
    /** Below this many neighbours in a group a peer looks for more. */
    public static final int LOW_WATER = 3;
    /** Above this many it drops one. */
    public static final int HIGH_WATER = 6;
    /** At this many it refuses more (browsers and Java clients). */
    public static final int FULL = 10;
    /** A node's full mark, so that newcomers can always get in. */
    public static final int NODE_FULL = 100;
    /** Max hops of a route-group query (the seed's "max hops 10"). */
    public static final int ROUTE_TTL = 10;
    /** Max hops of a relayed signal (a route of at most ROUTE_TTL hops plus the target). */
    public static final int SIGNAL_TTL = 12;
    /** A found route is reused for this long. */
    public static final long ROUTE_CACHE_MS = 60_000;
    /** How long a whole route-group query may take at its origin. */
    public static final long ROUTE_TIMEOUT_MS = 5_000;
    /** Per remaining hop, how long an intermediate peer waits for its neighbours' answers. */
    public static final long ROUTE_HOP_TIMEOUT_MS = 400;
    /** Request/response timeout for join, members. */
    public static final long REQUEST_TIMEOUT_MS = 5_000;
    /** A link must say hello within this long, and a dial/handshake must finish within it. */
    public static final long LINK_TIMEOUT_MS = 10_000;
    /** Broadcast and route message ids are remembered for this long (loop prevention). */
    public static final long SEEN_TTL_MS = 600_000;
    /** At most this many remembered ids (oldest forgotten first). */
    public static final int SEEN_MAX = 100_000;
    /** Group maintenance runs this often. */
    public static final long MAINTAIN_EVERY_MS = 1_000;
    /** Largest overlay message, in UTF-8 bytes. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** JSON nesting limit. */
    public static final int MAX_DEPTH = 32;
    /** Messages per second a link may send, sustained; bursts of twice that. */
    public static final int RATE_PER_SECOND = 200;
    /** Groups one peer can be in. */
    public static final int MAX_GROUPS = 64;
    /** Groups a node can be in (it joins groups on behalf of its Java clients). */
    public static final int NODE_MAX_GROUPS = 10_000;
    /** Known node URLs kept (and sent in hello). */
    public static final int MAX_KNOWN_NODES = 32;
    /** Largest URL of a node. */
    public static final int MAX_URL_LENGTH = 256;
    /** Peers listed in a members answer. */
    public static final int MAX_MEMBERS = 32;
    /** Overlay links a node accepts. */
    public static final int NODE_MAX_LINKS = 10_000;
    /** Overlay links a browser or Java client keeps (well below Chromium's PeerConnection limit). */
    public static final int PEER_MAX_LINKS = 24;

    // ---------------------------------------------------------------- issue 5: identity, scoring, DHT
    /** Fresh random bytes of a hello nonce (base64url: 22 characters). */
    public static final int NONCE_BYTES = 16;
    /** A peer's score recovers toward 0 by this much per second. */
    public static final double SCORE_RECOVERY_PER_SECOND = 1;
    /** Below this score a peer is banned. */
    public static final double BAN_THRESHOLD = -100;
    /** How long a banned id (and, on nodes, its address) is refused. */
    public static final long BAN_MS = 600_000;
    /** Penalties (docs/overlay.md, "Peer scoring"). */
    public static final double PENALTY_INVALID = 10;
    public static final double PENALTY_OVERSIZED = 20;
    public static final double PENALTY_RATE = 5;
    public static final double PENALTY_UNSOLICITED = 2;
    public static final double PENALTY_BAD_SIGNATURE = 50;
    /** Ids per remote address before the colocation penalty ((count - threshold)^2 * 10) starts. */
    public static final int ADDRESS_THRESHOLD = 4;
    /** Links a node accepts from one remote address. */
    public static final int MAX_LINKS_PER_ADDRESS = 64;
    /** Colocation penalty factor. */
    public static final double COLOCATION_WEIGHT = 10;
}
