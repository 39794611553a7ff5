package dev.weft.overlay;

import java.util.LinkedHashSet;
import java.util.Set;

/** This peer's membership of one group: its neighbours there, and the maintenance in progress. */
final class GroupState {
    final String name;
    final Set<String> neighbors = new LinkedHashSet<>();
    boolean busy;
    /** False while joining: a joining peer does not answer route queries until it is in (or created it). */
    boolean ready;
    long lastReroute = Long.MIN_VALUE / 2;

    GroupState(String name) {
        this.name = name;
    }
}
