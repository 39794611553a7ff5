package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.overlay.testing.MemoryNetwork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The overlay simulator (docs/overlay.md "Simulator", docs/benchmarks-overlay.md): N real {@link Overlay}s
 * (3% nodes, the rest browsers) on {@link MemoryNetwork} with a virtual clock, all in one group. Reports
 * broadcast delivery, bcast copies per delivery, DHT lookup rounds, join time, and islands after 30% leave.
 */
final class Simulator {
    record Report(int peers, int nodes, double joinMeanMs, long joinMaxMs, int broadcasts, double delivery,
                  double copiesPerDelivery, double lookupMeanRounds, int lookupMaxRounds, int lookups,
                  int censusSenders, long censusSent, int islandsBefore, int left, int[] islandsAfter, long[] islandsAtMs, double deliveryAfterChurn,
                  long wallMs) {
        String text() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("peers %d (nodes %d)%n", peers, nodes));
            sb.append(String.format("join time: mean %.0f ms, max %d ms (virtual)%n", joinMeanMs, joinMaxMs));
            sb.append(String.format("broadcasts %d: delivery %.4f, bcast copies per delivery %.3f%n", broadcasts, delivery, copiesPerDelivery));
            sb.append(String.format("DHT lookups %d: rounds mean %.2f, max %d (log2 N = %.1f)%n", lookups, lookupMeanRounds,
                    lookupMaxRounds, Math.log(peers) / Math.log(2)));
            sb.append(String.format("census broadcasts in the steady phase: %d, from %d peer(s)%n", censusSent, censusSenders));
            sb.append(String.format("islands before churn %d; %d peers left at once%n", islandsBefore, left));
            for (int i = 0; i < islandsAfter.length; i++) {
                sb.append(String.format("  +%d ms: %d island(s) beyond the main part%n", islandsAtMs[i], islandsAfter[i]));
            }
            sb.append(String.format("delivery after churn %.4f%n", deliveryAfterChurn));
            sb.append(String.format("wall time %.1f s%n", wallMs / 1000.0));
            return sb.toString();
        }
    }

    private final int n;
    private final long seed;
    private final MemoryNetwork net;
    private final Map<String, Set<String>> got = new HashMap<>();
    private final List<Overlay> all = new ArrayList<>();
    private final List<Overlay> nodes = new ArrayList<>();
    private final Map<String, String> senders = new HashMap<>();

    Simulator(int peers, long seed) {
        this.n = peers;
        this.seed = seed;
        this.net = new MemoryNetwork(seed);
        net.latencyMs = 20;
    }

    Report run() throws Exception {
        long wall = System.nanoTime();
        Random r = new Random(seed);
        int nodeCount = Math.max(3, n * 3 / 100);
        for (int i = 0; i < nodeCount; i++) {
            List<String> boot = new ArrayList<>();
            if (i > 0) {
                boot.add(MemoryNetwork.urlOf("n" + r.nextInt(i)));
                boot.add(MemoryNetwork.urlOf("n" + r.nextInt(i)));
            }
            Overlay o = add("n" + i, PeerKind.NODE, boot);
            nodes.add(o);
            net.clock.advance(10);
        }
        net.clock.advance(5_000);
        List<Overlay> browsers = new ArrayList<>();
        for (int i = 0; i < n - nodeCount; i++) {
            browsers.add(add("b" + i, PeerKind.BROWSER, List.of(MemoryNetwork.urlOf("n" + r.nextInt(nodeCount)))));
            if (i % 50 == 0) {
                net.clock.advance(10);
            }
        }
        net.clock.advance(2_000);
        // join: everyone, 20 per 100 ms (a node joins too: nodes are members)
        List<Overlay> order = new ArrayList<>(all);
        Collections.shuffle(order, r);
        long[] joinMs = new long[order.size()];
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            long start = net.clock.now();
            int k = i;
            joins.add(order.get(i).join("sim").thenRun(() -> joinMs[k] = net.clock.now() - start));
            if (i % 20 == 19) {
                net.clock.advance(100);
            }
        }
        net.clock.advance(60_000);
        long joinMax = 0;
        double joinSum = 0;
        for (int i = 0; i < joins.size(); i++) {
            if (!joins.get(i).isDone()) {
                throw new AssertionError("join not done: " + order.get(i).self().id());
            }
            joinMax = Math.max(joinMax, joinMs[i]);
            joinSum += joinMs[i];
        }
        int islandsBefore = Islands.count(all, "sim") - 1;
        long[] census0 = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            census0[i] = all.get(i).broadcast.censusSent;
        }
        // broadcasts: 20 from random members, 500 ms apart
        long copies0 = copies();
        long firsts0 = firsts();
        int bcasts = 20;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bcasts; i++) {
            Overlay from = all.get(r.nextInt(all.size()));
            from.broadcast("sim", "t", TextNode.valueOf("m" + i));
            ids.add("m" + i);
            senders.put("m" + i, net.name(from.self().id()));
            net.clock.advance(500);
        }
        net.clock.advance(5_000);
        double delivery = deliveryOf(ids, all);
        double copiesPer = (copies() - copies0) / (double) Math.max(1, firsts() - firsts0);
        // DHT lookups: 100 random keys from random nodes
        for (Overlay o : nodes) {
            o.dht.lookupRounds.clear();
        }
        for (int i = 0; i < 100; i++) {
            byte[] key = new byte[32];
            r.nextBytes(key);
            nodes.get(r.nextInt(nodes.size())).dht.lookup(key, i % 2 == 0);
            net.clock.advance(50);
        }
        net.clock.advance(10_000);
        List<Integer> rounds = new ArrayList<>();
        for (Overlay o : nodes) {
            rounds.addAll(o.dht.lookupRounds);
        }
        double roundsMean = rounds.stream().mapToInt(x -> x).average().orElse(0);
        int roundsMax = rounds.stream().mapToInt(x -> x).max().orElse(0);
        // census broadcasts over the broadcast and lookup phases (about 25 s after the join phase)
        int censusSenders = 0;
        long censusSent = 0;
        for (int i = 0; i < all.size(); i++) {
            long d = all.get(i).broadcast.censusSent - census0[i];
            censusSent += d;
            censusSenders += d > 0 ? 1 : 0;
        }
        // churn: 30% leave at once
        List<Overlay> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, r);
        int leaving = all.size() * 30 / 100;
        for (Overlay o : shuffled.subList(0, leaving)) {
            net.kill(net.name(o.self().id()));
        }
        List<Overlay> alive = shuffled.subList(leaving, shuffled.size());
        long[] at = {2_000, 5_000, 10_000, 30_000};
        int[] islands = new int[at.length];
        long t0 = 0;
        for (int i = 0; i < at.length; i++) {
            net.clock.advance(at[i] - t0);
            t0 = at[i];
            islands[i] = Islands.count(alive, "sim") - 1;
            if (islands[i] > 0) {
                List<Integer> sizes = Islands.sizes(alive, "sim");
                System.out.println("+" + at[i] + " ms: component sizes " + sizes.subList(0, Math.min(10, sizes.size())));
                for (Overlay o : Islands.outside(alive, "sim")) {
                    GroupState gs = o.groups.state("sim");
                    System.out.println("  outside: " + net.name(o.self().id()) + " " + o.self().kind() + " nb "
                            + o.neighbors("sim").stream().map(net::name).toList() + " links " + o.linkedPeers().size()
                            + " records " + gs.records.size() + " busy " + gs.busy + " ready " + gs.ready
                            + " heals " + gs.heals + " lostAt " + gs.lostAt + " reroute " + gs.lastReroute
                            + " now " + net.clock.now());
                }
            }
        }
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Overlay from = alive.get(r.nextInt(alive.size()));
            from.broadcast("sim", "t", TextNode.valueOf("a" + i));
            after.add("a" + i);
            senders.put("a" + i, net.name(from.self().id()));
            net.clock.advance(500);
        }
        net.clock.advance(5_000);
        double deliveryAfter = deliveryOf(after, alive);
        return new Report(all.size(), nodeCount, joinSum / joins.size(), joinMax, bcasts, delivery, copiesPer,
                roundsMean, roundsMax, rounds.size(), censusSenders, censusSent, islandsBefore, leaving, islands, at, deliveryAfter,
                (System.nanoTime() - wall) / 1_000_000);
    }

    private Overlay add(String name, PeerKind kind, List<String> boot) {
        Set<String> mine = new HashSet<>();
        got.put(name, mine);
        Overlay o = net.add(name, kind, boot, new OverlayListener() {
            @Override
            public void onMessage(String group, String from, String term, JsonNode payload) {
                got.computeIfAbsent(name, k -> new HashSet<>()).add(payload.asText());
            }
        });
        all.add(o);
        return o;
    }

    /** The share of (message, member other than its sender) pairs delivered. */
    private double deliveryOf(List<String> payloads, List<Overlay> members) {
        long expected = 0;
        long delivered = 0;
        for (String p : payloads) {
            for (Overlay m : members) {
                String name = net.name(m.self().id());
                if (name.equals(senders.get(p))) {
                    continue;
                }
                expected++;
                if (got.getOrDefault(name, Set.of()).contains(p)) {
                    delivered++;
                }
            }
        }
        return delivered / (double) expected;
    }

    private long copies() {
        long c = 0;
        for (Overlay o : all) {
            c += o.broadcast.copiesReceived;
        }
        return c;
    }

    private long firsts() {
        long c = 0;
        for (Overlay o : all) {
            c += o.broadcast.firstCopies;
        }
        return c;
    }
}
