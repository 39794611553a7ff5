package dev.weft.turn.internal;

import dev.weft.stun.TransactionId;
import dev.weft.turn.AllocationInfo;
import io.netty.channel.Channel;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One allocation (RFC 8656 Section 2.2): the relayed address, its permissions and channel bindings, its
 * lifetime and counters. Confined to {@link ClientLink#eventLoop()}: every field is read and written on that
 * thread only, so the relay path needs no locks and no atomics.
 */
final class Allocation {
    final String id;
    final String username;
    final ClientLink client;
    final long createdAt;
    final byte[] key;
    long expiresAt;
    Channel relay;
    InetSocketAddress relayed;
    int port = -1;
    /** A second port held for a RESERVATION-TOKEN, or -1. */
    int reservedPort = -1;
    boolean ready;
    boolean closed;

    final Map<InetAddress, Permission> permissions = new HashMap<>();
    /** The same permissions, for iteration without an iterator object (Send indication path). */
    final ArrayList<Permission> permissionList = new ArrayList<>();
    final IntObjectHashMap<ChannelBinding> channels = new IntObjectHashMap<>();
    final Map<InetSocketAddress, ChannelBinding> channelsByPeer = new HashMap<>();

    /** The Allocate that created this allocation and its response, for retransmissions (RFC 8656 Section 7.2). */
    TransactionId allocateTransaction;
    byte[] allocateResponse;

    final TokenBucket bandwidth;
    long bytesToPeer;
    long bytesToClient;
    long packetsToPeer;
    long packetsToClient;
    long dropped;
    /** Set while relay writes wait for a flush at the end of the read batch. */
    boolean flushPending;

    Allocation(String id, String username, byte[] key, ClientLink client, long now, long expiresAt, long bandwidthLimit) {
        this.id = id;
        this.username = username;
        this.key = key;
        this.client = client;
        this.createdAt = now;
        this.expiresAt = expiresAt;
        this.bandwidth = bandwidthLimit > 0 ? new TokenBucket(bandwidthLimit, now) : null;
    }

    /** Installs a permission for {@code peer} or extends the one there is (RFC 8656 Section 9). */
    Permission install(InetAddress peer, long expiresAt) {
        Permission p = permissions.get(peer);
        if (p == null) {
            p = new Permission(peer, expiresAt);
            permissions.put(peer, p);
            permissionList.add(p);
        } else {
            p.expiresAt = Math.max(p.expiresAt, expiresAt);
        }
        return p;
    }

    /** The live permission for {@code peer}, or null. */
    Permission permission(InetAddress peer, long now) {
        Permission p = permissions.get(peer);
        return p != null && p.expiresAt > now ? p : null;
    }

    /** The live permission whose address bytes equal {@code ip[0..len)}, or null (Send indication path). */
    Permission permission(byte[] ip, int len, long now) {
        for (int i = 0, n = permissionList.size(); i < n; i++) {
            Permission p = permissionList.get(i);
            if (p.ip.length == len && p.expiresAt > now && java.util.Arrays.equals(p.ip, 0, len, ip, 0, len)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Removes bindings past their quarantine, then expired permissions that no remaining binding refers to
     * (a binding keeps its Permission object, which CreatePermission or ChannelBind may refresh later).
     */
    void expireEntries(long now) {
        List<ChannelBinding> gone = new ArrayList<>();
        for (ChannelBinding b : channels.values()) {
            if (b.expiresAt + ChannelBinding.QUARANTINE_MILLIS <= now) {
                gone.add(b);
            }
        }
        for (ChannelBinding b : gone) {
            channels.remove(b.number);
            channelsByPeer.remove(b.peer);
        }
        permissions.values().removeIf(p -> p.expiresAt <= now && !isBound(p));
        permissionList.removeIf(p -> !permissions.containsKey(p.address));
    }

    private boolean isBound(Permission p) {
        for (ChannelBinding b : channels.values()) {
            if (b.permission == p) {
                return true;
            }
        }
        return false;
    }

    AllocationInfo snapshot(long now) {
        List<InetAddress> perms = new ArrayList<>();
        for (Permission p : permissions.values()) {
            if (p.expiresAt > now) {
                perms.add(p.address);
            }
        }
        Map<Integer, InetSocketAddress> chans = new TreeMap<>();
        for (ChannelBinding b : channels.values()) {
            if (b.expiresAt > now) {
                chans.put(b.number, b.peer);
            }
        }
        return new AllocationInfo(id, username, client.fiveTuple(), relayed, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(expiresAt), perms, chans, bytesToClient, bytesToPeer, packetsToClient,
                packetsToPeer, dropped);
    }

    @Override
    public String toString() {
        return "allocation " + id + " (" + username + ", " + client.fiveTuple() + ", relay " + relayed + ")";
    }
}
