package dev.weft.overlay;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The peer table's entry for one link: the transport link, the peer behind it once it said hello, the groups
 * in which the two are neighbours (one link per peer pair, shared by all of them), and per-link limits.
 * A link is ready once the peer said hello and proved its key with {@code auth} ({@link Handshake}).
 */
final class PeerLink {
    final Link link;
    final long openedAt;
    /** Set once hello and a valid auth arrived: the peer proved its id. */
    PeerInfo peer;
    /** The peer as its hello claimed, before auth. */
    PeerInfo claimed;
    /** The nonce this side sent in its hello (the peer signs it). */
    String myNonce;
    /** The nonce the peer sent (this side signs it). */
    String theirNonce;
    boolean helloSent;
    /** DHT lookups this peer runs for the peer of this link (clients). */
    int dhtLookups;
    /** hello's body.nodes, used once the link is ready. */
    com.fasterxml.jackson.databind.JsonNode helloNodes;
    // score (PeerScore): the value recovers toward 0 over time
    double score;
    long scoreAt;
    final Set<String> groups = new LinkedHashSet<>();
    Scheduler.Cancellable helloTimer;
    long idleSince;
    // token bucket (messages)
    double tokens = OverlayConstants.RATE_PER_SECOND * 2.0;
    long lastRefill;
    long lastRateError = Long.MIN_VALUE / 2;
    int errors;

    PeerLink(Link link, long now) {
        this.link = link;
        this.openedAt = now;
        this.lastRefill = now;
        this.idleSince = now;
        this.scoreAt = now;
    }

    boolean ready() {
        return peer != null;
    }

    String id() {
        return peer == null ? null : peer.id();
    }

    /** Whether this link was opened by the peer with the smaller id (the one kept of two simultaneous ones). */
    String dialerId(String selfId) {
        return link.outbound() ? selfId : peer.id();
    }

    boolean tryAcquire(long now) {
        double refill = (now - lastRefill) * OverlayConstants.RATE_PER_SECOND / 1000.0;
        lastRefill = now;
        tokens = Math.min(OverlayConstants.RATE_PER_SECOND * 2.0, tokens + refill);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
