package dev.weft.overlay;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Connected components of a group's neighbour graph among its live members. */
final class Islands {
    private Islands() {
    }

    static int count(Collection<Overlay> peers, String group) {
        return sizes(peers, group).size();
    }

    /** The members outside the largest component. */
    static java.util.List<Overlay> outside(Collection<Overlay> peers, String group) {
        Map<String, Overlay> members = new HashMap<>();
        for (Overlay o : peers) {
            if (!o.closed() && o.isMember(group)) {
                members.put(o.self().id(), o);
            }
        }
        java.util.List<java.util.List<Overlay>> comps = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String start : members.keySet()) {
            if (!seen.add(start)) {
                continue;
            }
            java.util.List<Overlay> comp = new java.util.ArrayList<>();
            ArrayDeque<String> q = new ArrayDeque<>();
            q.add(start);
            while (!q.isEmpty()) {
                Overlay o = members.get(q.poll());
                comp.add(o);
                for (String n : o.neighbors(group)) {
                    if (members.containsKey(n) && seen.add(n)) {
                        q.add(n);
                    }
                }
            }
            comps.add(comp);
        }
        comps.sort((a, b) -> b.size() - a.size());
        java.util.List<Overlay> out = new java.util.ArrayList<>();
        comps.stream().skip(1).forEach(out::addAll);
        return out;
    }

    /** The sizes of the components, largest first. */
    static java.util.List<Integer> sizes(Collection<Overlay> peers, String group) {
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        Map<String, Overlay> members = new HashMap<>();
        for (Overlay o : peers) {
            if (!o.closed() && o.isMember(group)) {
                members.put(o.self().id(), o);
            }
        }
        Set<String> seen = new HashSet<>();
        int islands = 0;
        for (String start : members.keySet()) {
            if (!seen.add(start)) {
                continue;
            }
            islands++;
            int size = 0;
            ArrayDeque<String> q = new ArrayDeque<>();
            q.add(start);
            while (!q.isEmpty()) {
                size++;
                for (String n : members.get(q.poll()).neighbors(group)) {
                    if (members.containsKey(n) && seen.add(n)) {
                        q.add(n);
                    }
                }
            }
            sizes.add(size);
        }
        sizes.sort(java.util.Comparator.reverseOrder());
        return sizes;
    }
}
