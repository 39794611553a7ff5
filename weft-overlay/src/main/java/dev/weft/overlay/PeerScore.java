package dev.weft.overlay;

import dev.weft.protocol.ErrorCode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Peer scoring and bans (docs/overlay.md, "Peer scoring"), after GossipSub v1.1's peer score: every linked
 * peer has a score that starts at 0 and recovers toward 0 by {@link OverlayConstants#SCORE_RECOVERY_PER_SECOND};
 * bad behaviour subtracts the penalties of {@link OverlayConstants}. Ids linked from one remote address share a
 * colocation penalty ({@code (count - threshold)^2 * 10} each, GossipSub's P6). Below
 * {@link OverlayConstants#BAN_THRESHOLD} the peer gets {@code error BANNED}, its link closes and its id (and
 * its address, when the transport knows it) is refused for {@link OverlayConstants#BAN_MS}.
 */
final class PeerScore {
    private final Overlay o;
    private final Map<String, Long> bannedIds = new HashMap<>();
    private final Map<String, Long> bannedAddresses = new HashMap<>();

    PeerScore(Overlay overlay) {
        this.o = overlay;
    }

    /** The peer's current score, colocation penalty included. */
    double score(PeerLink pl) {
        recover(pl);
        return pl.score - colocation(pl.link.remoteAddress());
    }

    /** Lowers a peer's score; bans it below the threshold. Returns true if the link was closed. */
    boolean penalize(PeerLink pl, double amount, String why) {
        recover(pl);
        pl.score -= amount;
        if (score(pl) < OverlayConstants.BAN_THRESHOLD) {
            ban(pl, "score below " + (int) OverlayConstants.BAN_THRESHOLD + " (last: " + why + ")");
            return true;
        }
        return false;
    }

    /** Refuses the peer now and for {@link OverlayConstants#BAN_MS}: its id and its address. */
    void ban(PeerLink pl, String why) {
        long until = o.scheduler.now() + OverlayConstants.BAN_MS;
        String id = pl.peer != null ? pl.peer.id() : pl.claimed != null ? pl.claimed.id() : null;
        if (id != null) {
            bannedIds.put(id, until);
        }
        String addr = pl.link.remoteAddress();
        if (addr != null && o.config.banAddresses() && !loopback(addr)) {
            bannedAddresses.put(addr, until);
        }
        o.listener.onBanned(id, addr, why);
        o.refuse(pl, ErrorCode.BANNED, why);
    }

    /** Refuses the link's remote address for {@link OverlayConstants#BAN_MS} (when known and configured). */
    void banAddress(PeerLink pl) {
        String addr = pl.link.remoteAddress();
        if (addr != null && o.config.banAddresses() && !loopback(addr)) {
            bannedAddresses.put(addr, o.scheduler.now() + OverlayConstants.BAN_MS);
            o.listener.onBanned(null, addr, "auth failed");
        }
    }

    boolean idBanned(String id) {
        return banned(bannedIds, id);
    }

    boolean addressBanned(String addr) {
        return addr != null && banned(bannedAddresses, addr);
    }

    /** Links (ready or not) from one remote address. */
    int linksFrom(String addr) {
        if (addr == null) {
            return 0;
        }
        int n = 0;
        for (PeerLink pl : o.links.values()) {
            if (addr.equals(pl.link.remoteAddress())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Loopback addresses share no fate: every local test peer and a reverse proxy on the same host come from
     * them (GossipSub exempts a whitelist the same way).
     */
    static boolean loopback(String addr) {
        return addr.startsWith("127.") || addr.equals("::1") || addr.equals("0:0:0:0:0:0:0:1");
    }

    private double colocation(String addr) {
        if (addr == null || loopback(addr)) {
            return 0;
        }
        int over = linksFrom(addr) - o.config.addressThreshold();
        return over > 0 ? over * over * OverlayConstants.COLOCATION_WEIGHT : 0;
    }

    private void recover(PeerLink pl) {
        long now = o.scheduler.now();
        if (pl.score < 0) {
            pl.score = Math.min(0, pl.score + (now - pl.scoreAt) * OverlayConstants.SCORE_RECOVERY_PER_SECOND / 1000.0);
        }
        pl.scoreAt = now;
    }

    private boolean banned(Map<String, Long> map, String key) {
        Long until = map.get(key);
        if (until == null) {
            return false;
        }
        if (until <= o.scheduler.now()) {
            map.remove(key);
            return false;
        }
        return true;
    }

    /** Forgets expired bans (called by maintenance). */
    void expire() {
        long now = o.scheduler.now();
        for (Map<String, Long> m : java.util.List.of(bannedIds, bannedAddresses)) {
            for (Iterator<Long> it = m.values().iterator(); it.hasNext(); ) {
                if (it.next() <= now) {
                    it.remove();
                }
            }
        }
    }
}
