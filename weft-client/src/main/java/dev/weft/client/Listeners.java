package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.overlay.OverlayListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Per-group message handlers; a handler that throws does not stop the others. */
final class Listeners implements OverlayListener {
    private final Map<String, List<Consumer<GroupMessage>>> byGroup = new ConcurrentHashMap<>();

    Runnable add(String group, Consumer<GroupMessage> handler) {
        List<Consumer<GroupMessage>> list = byGroup.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>());
        list.add(handler);
        return () -> list.remove(handler);
    }

    @Override
    public void onMessage(String group, String from, String term, JsonNode payload) {
        GroupMessage m = new GroupMessage(group, from, term, payload);
        for (Consumer<GroupMessage> h : byGroup.getOrDefault(group, List.of())) {
            try {
                h.accept(m);
            } catch (RuntimeException e) {
                System.getLogger("weft-client").log(System.Logger.Level.WARNING, "a message handler threw", e);
            }
        }
    }
}
