package dev.weft.turn.internal;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The relay port range: which ports are in use and which are reserved by an EVEN-PORT R=1 allocation under a
 * RESERVATION-TOKEN (RFC 8656 Section 7.2, 14.9). Ports are picked at random within the range (RFC 8656
 * Section 7.2 asks for unpredictable ports). Thread-safe.
 */
public final class PortPool {
    /** Reservations are held this long, as coturn does. */
    public static final long RESERVATION_MILLIS = 30_000;

    private record Reservation(int port, long expiresAt) {
    }

    private final int min;
    private final int max;
    private final BitSet used = new BitSet();
    private final Map<Long, Reservation> reservations = new HashMap<>();

    public PortPool(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** A free port (even if {@code even}; also with the next port free if {@code withNext}), or -1. */
    public synchronized int acquire(boolean even, boolean withNext) {
        int size = max - min + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = min + (start + i) % size;
            if (even && (port & 1) != 0) {
                continue;
            }
            if (used.get(port) || (withNext && (port + 1 > max || used.get(port + 1)))) {
                continue;
            }
            used.set(port);
            if (withNext) {
                used.set(port + 1);
            }
            return port;
        }
        return -1;
    }

    /** Reserves {@code port} (already marked used) under {@code token} until {@code expiresAt}. */
    public synchronized void reserve(long token, int port, long expiresAt) {
        reservations.put(token, new Reservation(port, expiresAt));
    }

    /** The port reserved under {@code token}, now handed to its allocation, or -1 if none or expired. */
    public synchronized int claim(long token, long now) {
        Reservation r = reservations.remove(token);
        if (r == null) {
            return -1;
        }
        if (r.expiresAt <= now) {
            used.clear(r.port);
            return -1;
        }
        return r.port;
    }

    public synchronized void release(int port) {
        used.clear(port);
    }

    /** Frees reservations that expired. */
    public synchronized void expireReservations(long now) {
        reservations.values().removeIf(r -> {
            if (r.expiresAt <= now) {
                used.clear(r.port);
                return true;
            }
            return false;
        });
    }

    public synchronized int inUse() {
        return used.cardinality();
    }
}
