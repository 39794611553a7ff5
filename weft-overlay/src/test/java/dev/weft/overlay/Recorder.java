package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Records what an overlay tells its owner. */
final class Recorder implements OverlayListener {
    final List<String> messages = new ArrayList<>();

    @Override
    public void onMessage(String group, String from, String term, JsonNode payload) {
        messages.add(group + "|" + from + "|" + term + "|" + payload);
    }
}
