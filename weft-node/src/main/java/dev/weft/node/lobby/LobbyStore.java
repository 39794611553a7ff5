package dev.weft.node.lobby;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where lobby entries live. {@link InMemoryLobbyStore} keeps them in this process; a shared store (e.g.
 * Redis, for several nodes behind one address) implements the same contract:
 * <ul>
 *   <li>every method is atomic on its own ({@link #insert} checks its limits and inserts in one step;
 *       {@link #replace} is a compare-and-set on {@link LobbyEntry#version()});</li>
 *   <li>{@link #listen} delivers every change once to each listener of this node, including changes made
 *       through other nodes, so watchers on any node see the whole lobby;</li>
 *   <li>expiry is by {@link LobbyEntry#expiresAt()}; {@link #expire} removes what is due (a shared store may
 *       expire by itself and only report the removals).</li>
 * </ul>
 * Calls come from event-loop threads and must not block for long.
 */
public interface LobbyStore extends AutoCloseable {
    enum InsertResult { INSERTED, HOST_LIMIT, STORE_FULL }

    /** Inserts a new entry unless its host already has {@code maxPerHost} entries or the store holds {@code maxTotal}. */
    InsertResult insert(LobbyEntry entry, int maxPerHost, int maxTotal);

    Optional<LobbyEntry> get(String id);

    /** Stores {@code updated} if the stored entry still has {@code expected}'s version; false otherwise (or if gone). */
    boolean replace(LobbyEntry expected, LobbyEntry updated);

    /** Removes an entry; {@code reason} goes to the listeners. */
    Optional<LobbyEntry> remove(String id, String reason);

    /** Removes every entry due at {@code nowMillis} (reason {@code expired}). */
    List<LobbyEntry> expire(long nowMillis);

    /** Entries matching the filter, oldest first. */
    List<LobbyEntry> list(LobbyFilter filter);

    int size();

    /**
     * Runs {@code action} with the entries matching {@code filter}, such that no change reaches the listeners
     * between taking the list and the end of the action (a watcher's snapshot, then its events, in order).
     */
    void withSnapshot(LobbyFilter filter, Consumer<List<LobbyEntry>> action);

    /** Registers a listener for every change (called on the thread that made it). */
    void listen(Consumer<LobbyChange> listener);

    @Override
    default void close() {
    }
}
