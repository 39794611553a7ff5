package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/** What the overlay tells its owner. Called on the overlay's thread; must not block. */
public interface OverlayListener {
    /** A broadcast in {@code group}, delivered once. */
    default void onMessage(String group, String from, String term, JsonNode payload) {
    }

    default void onNeighborJoined(String group, String peerId) {
    }

    default void onNeighborLeft(String group, String peerId) {
    }

    /** The set of known node URLs changed (persist it). */
    default void onKnownNodesChanged(java.util.List<String> urls) {
    }

    /** A peer was banned (its score fell below the threshold, or its auth failed); id or address may be null. */
    default void onBanned(String peerId, String address, String why) {
    }

    /** A message was dropped (e.g. a bad signature): its type, claimed origin, and the link it came from. */
    default void onDropped(String type, String from, String viaPeer, String why) {
    }
}
