package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** This program's membership of one group. Obtain with {@link WeftNetwork#group}. Thread-safe. */
public final class WeftGroup {
    private final WeftNetwork network;
    private final String name;

    WeftGroup(WeftNetwork network, String name) {
        this.network = network;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Sends to every member (each gets it once). Fails with an OverlayException (NOT_IN_GROUP, ...). */
    public CompletableFuture<Void> broadcast(String term, JsonNode payload) {
        return network.call(o -> {
            o.broadcast(name, term, payload);
            return null;
        });
    }

    /** Messages of this group, on the network's thread (do not block in it). Returns a remover. */
    public Runnable onMessage(Consumer<GroupMessage> handler) {
        return network.listeners.add(name, handler);
    }

    /** The current neighbours' ids. */
    public CompletableFuture<List<String>> neighbors() {
        return network.call(o -> o.neighbors(name));
    }

    public CompletableFuture<Void> leave() {
        return network.call(o -> {
            o.leave(name);
            return null;
        });
    }
}
