package dev.weft.node.signal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * An id held on this node: its token, the live session (null while detached, waiting for a reclaim), the
 * messages queued while detached, and the ids it has exchanged signals with (told when it leaves).
 * State transitions happen inside {@link SignalingHub}'s map operations; the fields below are guarded by
 * {@code this}.
 */
final class Registration {
    static final int MAX_CONTACTS = 256;
    static final int MAX_PENDING_MESSAGES = 64;
    static final int MAX_PENDING_BYTES = 256 * 1024;

    final String id;
    final String token;
    private NativeSession session;
    private boolean dead;
    private ScheduledFuture<?> expiry;
    private ArrayDeque<byte[]> pending;
    private int pendingBytes;
    private LinkedHashSet<String> contacts;

    Registration(String id, String token, NativeSession session) {
        this.id = id;
        this.token = token;
        this.session = session;
    }

    synchronized NativeSession session() {
        return session;
    }

    synchronized boolean isDead() {
        return dead;
    }

    /** Attaches a (new) live session; returns the queued messages to flush to it, in order. */
    synchronized List<byte[]> attach(NativeSession s) {
        session = s;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (pending == null) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>(pending);
        pending = null;
        pendingBytes = 0;
        return out;
    }

    synchronized void detach(ScheduledFuture<?> expiryTask) {
        session = null;
        expiry = expiryTask;
    }

    synchronized void kill() {
        dead = true;
        session = null;
        pending = null;
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    /**
     * Delivery target for one message: the live session, or null after queueing it for a detached id.
     *
     * @throws Unavailable when the id is gone or its queue is full
     */
    synchronized NativeSession targetOrQueue(byte[] frameIfDetached) throws Unavailable {
        if (dead) {
            throw Unavailable.INSTANCE;
        }
        if (session != null) {
            return session;
        }
        if (frameIfDetached == null) {
            throw Unavailable.INSTANCE;
        }
        if (pending == null) {
            pending = new ArrayDeque<>();
        }
        if (pending.size() >= MAX_PENDING_MESSAGES || pendingBytes + frameIfDetached.length > MAX_PENDING_BYTES) {
            throw Unavailable.INSTANCE;
        }
        pending.add(frameIfDetached);
        pendingBytes += frameIfDetached.length;
        return null;
    }

    synchronized void addContact(String other) {
        if (contacts == null) {
            contacts = new LinkedHashSet<>();
        } else if (contacts.contains(other)) {
            return;
        }
        if (contacts.size() >= MAX_CONTACTS) {
            Iterator<String> oldest = contacts.iterator();
            oldest.next();
            oldest.remove();
        }
        contacts.add(other);
    }

    synchronized List<String> contacts() {
        return contacts == null ? List.of() : new ArrayList<>(contacts);
    }

    /** Thrown by {@link #targetOrQueue} when a message cannot be delivered. Stackless, shared. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        static final Unavailable INSTANCE = new Unavailable();

        private Unavailable() {
            super("unavailable", null, false, false);
        }
    }
}
