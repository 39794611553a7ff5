package dev.weft.turn.internal;

import dev.weft.stun.Lifetime;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunParseException;
import dev.weft.turn.TurnConfig;

/** The lifetime granted for Allocate and Refresh (RFC 8656 Sections 7.2 and 8.2). */
final class Lifetimes {
    private Lifetimes() {
    }

    /**
     * Seconds to grant: the requested LIFETIME (600 s when absent) clamped to [600 s, max]; 0 stays 0 for
     * Refresh, which then deletes the allocation.
     */
    static long granted(StunMessage m, TurnConfig config, boolean refresh) throws StunParseException {
        long def = TurnConfig.DEFAULT_LIFETIME.toSeconds();
        Lifetime requested = Lifetime.getFrom(m);
        if (requested == null) {
            return def;
        }
        if (refresh && requested.seconds() == 0) {
            return 0;
        }
        return Math.max(def, Math.min(requested.seconds(), config.maxLifetime().toSeconds()));
    }
}
