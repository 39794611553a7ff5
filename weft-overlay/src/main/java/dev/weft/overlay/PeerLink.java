package dev.weft.overlay;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The peer table's entry for one link: the transport link, the peer behind it once it said hello, the groups
 * in which the two are neighbours (one link per peer pair, shared by all of them), and per-link limits.
 * Issue 5 adds the peer's key and score here.
 */
final class PeerLink {
    final Link link;
    final long openedAt;
    PeerInfo peer;
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
