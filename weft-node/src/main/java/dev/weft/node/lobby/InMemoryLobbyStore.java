package dev.weft.node.lobby;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The lobby of one node, in memory. One lock; listeners run under it, so they see the changes in order and
 * must only hand work off (e.g. write to a channel), never call back into the store from another thread.
 */
public final class InMemoryLobbyStore implements LobbyStore {
    private final Map<String, LobbyEntry> entries = new LinkedHashMap<>();
    private final Map<String, Integer> perHost = new java.util.HashMap<>();
    private final List<Consumer<LobbyChange>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public InsertResult insert(LobbyEntry entry, int maxPerHost, int maxTotal) {
        synchronized (this) {
            if (perHost.getOrDefault(entry.host(), 0) >= maxPerHost) {
                return InsertResult.HOST_LIMIT;
            }
            if (entries.size() >= maxTotal) {
                return InsertResult.STORE_FULL;
            }
            entries.put(entry.id(), entry);
            perHost.merge(entry.host(), 1, Integer::sum);
            fire(new LobbyChange(LobbyChange.Kind.ADDED, entry, null, null));
        }
        return InsertResult.INSERTED;
    }

    @Override
    public synchronized Optional<LobbyEntry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public boolean replace(LobbyEntry expected, LobbyEntry updated) {
        synchronized (this) {
            LobbyEntry current = entries.get(expected.id());
            if (current == null || current.version() != expected.version()) {
                return false;
            }
            entries.put(updated.id(), updated);
            if (!expected.sameContent(updated)) {
                fire(new LobbyChange(LobbyChange.Kind.UPDATED, updated, expected, null));
            }
        }
        return true;
    }

    @Override
    public synchronized Optional<LobbyEntry> remove(String id, String reason) {
        LobbyEntry removed = entries.remove(id);
        if (removed != null) {
            forget(removed);
            fire(new LobbyChange(LobbyChange.Kind.REMOVED, removed, null, reason));
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public synchronized List<LobbyEntry> expire(long nowMillis) {
        List<LobbyEntry> due = new ArrayList<>();
        var it = entries.values().iterator();
        while (it.hasNext()) {
            LobbyEntry e = it.next();
            if (e.expiresAt() <= nowMillis) {
                it.remove();
                forget(e);
                due.add(e);
            }
        }
        for (LobbyEntry e : due) {
            fire(new LobbyChange(LobbyChange.Kind.REMOVED, e, null, "expired"));
        }
        return due;
    }

    @Override
    public synchronized List<LobbyEntry> list(LobbyFilter filter) {
        List<LobbyEntry> out = new ArrayList<>();
        for (LobbyEntry e : entries.values()) {
            if (filter.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized void withSnapshot(LobbyFilter filter, Consumer<List<LobbyEntry>> action) {
        action.accept(list(filter));
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public void listen(Consumer<LobbyChange> listener) {
        listeners.add(listener);
    }

    private void forget(LobbyEntry e) {
        perHost.computeIfPresent(e.host(), (h, n) -> n <= 1 ? null : n - 1);
    }

    private void fire(LobbyChange change) {
        for (Consumer<LobbyChange> l : listeners) {
            l.accept(change);
        }
    }
}
