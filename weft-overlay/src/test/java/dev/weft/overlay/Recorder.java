package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records what an overlay tells its owner. */
final class Recorder implements OverlayListener {
    final List<String> messages = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();
    private final Function<String, String> nameOf;

    Recorder() {
        this(id -> id);
    }

    /** Records origins by name ({@code nameOf} maps a peer id to the test's name for it). */
    Recorder(Function<String, String> nameOf) {
        this.nameOf = nameOf;
    }

    @Override
    public void onMessage(String group, String from, String term, JsonNode payload) {
        messages.add(group + "|" + nameOf.apply(from) + "|" + term + "|" + payload);
    }

    @Override
    public void onDropped(String type, String from, String viaPeer, String why) {
        dropped.add(type + "|" + nameOf.apply(from) + "|" + nameOf.apply(viaPeer) + "|" + why);
    }
}
