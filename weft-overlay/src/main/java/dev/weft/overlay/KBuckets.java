package dev.weft.overlay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kademlia's routing table (Maymounkov and Mazieres 2002, section 2.2): 256 buckets by the length of the
 * common prefix of the XOR distance, at most {@link Dht#K} contacts each. Contacts are DHT members (nodes:
 * reachable by URL). A full bucket keeps its old contacts (long-lived ones are the likeliest to stay, and it
 * resists flooding a bucket with fresh ids); failed contacts are removed.
 */
final class KBuckets {
    record Contact(PeerInfo peer, byte[] key) {
    }

    private final byte[] self;
    private final List<LinkedHashMap<String, Contact>> buckets = new ArrayList<>();
    private final Map<String, Contact> all = new HashMap<>();

    KBuckets(byte[] selfKey) {
        this.self = selfKey;
        for (int i = 0; i < 256; i++) {
            buckets.add(new LinkedHashMap<>());
        }
    }

    /** Adds a node contact (no-op for itself, non-nodes, or a full bucket). */
    void add(PeerInfo p) {
        if (p.url() == null || all.containsKey(p.id())) {
            return;
        }
        byte[] key = Identity.sha256(Identity.publicKeyOf(p.id()));
        int b = bucket(key);
        if (b < 0) {
            return;
        }
        LinkedHashMap<String, Contact> bucket = buckets.get(b);
        if (bucket.size() >= Dht.K) {
            return;
        }
        Contact c = new Contact(p, key);
        bucket.put(p.id(), c);
        all.put(p.id(), c);
    }

    void remove(String id) {
        Contact c = all.remove(id);
        if (c != null) {
            buckets.get(bucket(c.key)).remove(id);
        }
    }

    int size() {
        return all.size();
    }

    /** The {@code n} contacts closest to {@code key} by XOR distance. */
    List<Contact> closest(byte[] key, int n) {
        List<Contact> list = new ArrayList<>(all.values());
        list.sort(byDistance(key));
        return list.size() > n ? new ArrayList<>(list.subList(0, n)) : list;
    }

    static Comparator<Contact> byDistance(byte[] key) {
        return (a, b) -> compare(key, a.key, b.key);
    }

    /** Compares the XOR distances of {@code a} and {@code b} to {@code key}. */
    static int compare(byte[] key, byte[] a, byte[] b) {
        for (int i = 0; i < key.length; i++) {
            int da = (a[i] ^ key[i]) & 0xff;
            int db = (b[i] ^ key[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    /** Bucket index: 255 minus the number of leading zero bits of the distance; -1 for itself. */
    private int bucket(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            int x = (key[i] ^ self[i]) & 0xff;
            if (x != 0) {
                return 255 - (i * 8 + Integer.numberOfLeadingZeros(x) - 24);
            }
        }
        return -1;
    }
}
