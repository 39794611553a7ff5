package dev.weft.node.peerjs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages waiting for a PeerJS destination that is not connected (PeerServer's {@code MessageQueue} in
 * {@code src/models/messageQueue.ts}): kept until the destination connects or {@code expireTimeout} passes
 * since the queue was created or last read, then each sender gets one EXPIRE. Bounded per destination and in
 * the number of destinations; a message that does not fit is refused (the sender gets EXPIRE at once).
 */
final class MessageQueues {
    static final int MAX_MESSAGES_PER_DESTINATION = 128;
    static final int MAX_BYTES_PER_DESTINATION = 512 * 1024;
    static final int MAX_DESTINATIONS = 10_000;

    /** A queued message: who sent it and the frame to deliver. */
    record Queued(String src, String dst, byte[] frame) {
    }

    private static final class Queue {
        final List<Queued> messages = new ArrayList<>();
        long lastReadAt;
        int bytes;

        Queue(long now) {
            lastReadAt = now;
        }
    }

    private final ConcurrentHashMap<String, Queue> byDestination = new ConcurrentHashMap<>();

    /** Queues a message; false when the destination's queue (or the table) is full. */
    boolean add(Queued m, long now) {
        boolean[] added = {false};
        if (!byDestination.containsKey(m.dst()) && byDestination.size() >= MAX_DESTINATIONS) {
            return false;
        }
        byDestination.compute(m.dst(), (k, q) -> {
            Queue queue = q == null ? new Queue(now) : q;
            if (queue.messages.size() < MAX_MESSAGES_PER_DESTINATION
                    && queue.bytes + m.frame().length <= MAX_BYTES_PER_DESTINATION) {
                queue.messages.add(m);
                queue.bytes += m.frame().length;
                added[0] = true;
            }
            return queue.messages.isEmpty() ? null : queue;
        });
        return added[0];
    }

    /** Whether messages are waiting for {@code dst} (new messages then queue behind them, keeping order). */
    boolean has(String dst) {
        return byDestination.containsKey(dst);
    }

    /** Removes and returns everything queued for {@code dst}, in order. */
    List<Queued> take(String dst) {
        Queue q = byDestination.remove(dst);
        return q == null ? List.of() : q.messages;
    }

    /** Everything queued for {@code dst} and since when, removed (see {@link #restore}). */
    Taken takeAll(String dst) {
        Queue q = byDestination.remove(dst);
        return q == null ? null : new Taken(dst, q.messages, q.lastReadAt);
    }

    /** Messages taken out with {@link #takeAll}. */
    record Taken(String dst, List<Queued> messages, long lastReadAt) {
    }

    /** Puts taken messages back in front of anything queued since, keeping their age. */
    void restore(Taken t) {
        byDestination.compute(t.dst(), (k, q) -> {
            Queue queue = new Queue(t.lastReadAt());
            queue.messages.addAll(t.messages());
            if (q != null) {
                queue.messages.addAll(q.messages);
            }
            for (Queued m : queue.messages) {
                queue.bytes += m.frame().length;
            }
            return queue;
        });
    }

    /** Destinations with something queued. */
    Set<String> destinations() {
        return byDestination.keySet();
    }

    /**
     * Removes queues not read for {@code expireNanos} and returns one (src, dst) pair per sender and
     * destination: who gets EXPIRE ({@code src/services/messagesExpire/index.ts}).
     */
    List<Queued> expire(long now, long expireNanos) {
        Set<List<String>> seen = new LinkedHashSet<>();
        List<Queued> notices = new ArrayList<>();
        for (String dst : byDestination.keySet()) {
            Queue[] removed = {null};
            byDestination.computeIfPresent(dst, (k, q) -> {
                if (now - q.lastReadAt >= expireNanos) {
                    removed[0] = q;
                    return null;
                }
                return q;
            });
            if (removed[0] != null) {
                for (Queued m : removed[0].messages) {
                    if (seen.add(List.of(m.src(), m.dst()))) {
                        notices.add(new Queued(m.src(), m.dst(), null));
                    }
                }
            }
        }
        return notices;
    }

    int size() {
        return byDestination.size();
    }
}
