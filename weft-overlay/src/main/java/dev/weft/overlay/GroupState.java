package dev.weft.overlay;

import java.util.LinkedHashSet;
import java.util.Set;

/** This peer's membership of one group: its neighbours there, and the maintenance in progress. */
final class GroupState {
    final String name;
    final Set<String> neighbors = new LinkedHashSet<>();
    /** Neighbours that get ihave instead of the message (Plumtree); the others are eager. */
    final Set<String> lazy = new java.util.HashSet<>();
    boolean busy;
    /** False while joining: a joining peer does not answer route queries until it is in (or created it). */
    boolean ready;
    long lastReroute = Long.MIN_VALUE / 2;
    // census and DHT adverts (Census)
    long readyAt;
    long lastPublish = Long.MIN_VALUE / 2;
    long lastCensus = Long.MIN_VALUE / 2;
    long recordsAt = Long.MIN_VALUE / 2;
    boolean fetching;
    boolean fetchedOnce;
    boolean healing;
    int heals;
    long lostAt;
    long lastRepair = Long.MIN_VALUE / 2;
    boolean repairing;
    /** The census peer's record (closest to the group key among the fetched ones), null if it is this peer. */
    com.fasterxml.jackson.databind.node.ObjectNode census;
    /** Times this peer got a neighbour back from the DHT's adverts after losing them all. */
    int rediscovered;
    /** Links this member made to advertised members (repair, heal, re-discovery). */
    int advertLinks;
    java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> records = java.util.List.of();
    final java.util.Map<String, Long> heard = new java.util.HashMap<>();

    GroupState(String name) {
        this.name = name;
    }
}
