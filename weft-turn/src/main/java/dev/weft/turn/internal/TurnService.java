package dev.weft.turn.internal;

import dev.weft.turn.AllocationInfo;
import dev.weft.turn.TurnConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's state and its entry points, independent of sockets: the frontends hand it packets with a
 * {@link ClientLink}; relay sockets come from {@link RelaySockets}; time comes from the configured clock.
 *
 * <p>Threading: each allocation lives on its client's event loop, and everything that touches it runs there.
 * The maps here are concurrent so that the admin API and quotas can read them from any thread.
 */
public final class TurnService {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    final TurnConfig config;
    final Clock clock;
    final InetAddress relayAddress;
    final TurnMetrics metrics;
    final PortPool ports;
    final PeerPolicy peers;
    final RelaySockets relaySockets;
    /** The handler of clients' connected UDP sockets: the same demultiplexing as the listening sockets. */
    final UdpFrontend udpFrontend = new UdpFrontend(this);
    final Relay relay;
    final RequestProcessor requests;

    private final Map<String, Allocation> byId = new ConcurrentHashMap<>();
    private final Map<Object, Allocation> byClient = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public TurnService(TurnConfig config, InetAddress relayAddress, RelaySockets relaySockets) {
        this.config = config;
        this.clock = config.clock();
        this.relayAddress = relayAddress;
        this.relaySockets = relaySockets;
        this.metrics = new TurnMetrics(config.meterRegistry(), byId.values());
        this.ports = new PortPool(config.relayPortMin(), config.relayPortMax());
        this.peers = new PeerPolicy(config.allowedPeers(), config.deniedPeers());
        this.relay = new Relay(this);
        this.requests = new RequestProcessor(this);
    }

    public TurnMetrics metrics() {
        return metrics;
    }

    public Relay relay() {
        return relay;
    }

    /** A STUN message (or something that is not ChannelData) from a client. Does not take ownership of buf. */
    public void onStun(ClientLink link, ByteBuf buf) {
        requests.onPacket(link, buf);
    }

    /** The response to a plain Binding request, or null for anything else; see RequestProcessor#fastBinding. */
    public ByteBuf fastBinding(ByteBuf buf, java.net.InetSocketAddress client, io.netty.buffer.ByteBufAllocator alloc) {
        return requests.fastBinding(buf, client, alloc);
    }

    /** The allocation of a UDP client address or a connection's link, or null. Any thread. */
    public Allocation allocation(Object clientKey) {
        return byClient.get(clientKey);
    }

    /** A TCP or TLS connection ended: its allocation goes with it (RFC 8656 Section 3.1). */
    public void linkClosed(ClientLink link) {
        Allocation a = byClient.get(link.key());
        if (a != null) {
            delete(a, "connection closed");
        }
    }

    /** Registers a new allocation for {@code link}; false if the 5-tuple already has one. */
    boolean register(Allocation a) {
        if (byClient.putIfAbsent(a.client.key(), a) != null) {
            return false;
        }
        byId.put(a.id, a);
        return true;
    }

    /** Takes one allocation from the user's and the server's quota; false (486) when either is used up. */
    boolean takeQuota(String username) {
        int t = total.incrementAndGet();
        if (config.totalQuota() > 0 && t > config.totalQuota()) {
            total.decrementAndGet();
            return false;
        }
        boolean[] ok = {true};
        perUser.compute(username, (k, v) -> {
            int n = v == null ? 0 : v;
            if (config.userQuota() > 0 && n >= config.userQuota()) {
                ok[0] = false;
                return v;
            }
            return n + 1;
        });
        if (!ok[0]) {
            total.decrementAndGet();
        }
        return ok[0];
    }

    void returnQuota(String username) {
        total.decrementAndGet();
        perUser.computeIfPresent(username, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** Ends an allocation on its own event loop: relay socket, ports, quota, maps, meters. */
    void delete(Allocation a, String why) {
        EventLoop loop = a.client.eventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(() -> delete(a, why));
            return;
        }
        if (a.closed) {
            return;
        }
        a.closed = true;
        a.ready = false;
        byClient.remove(a.client.key(), a);
        byId.remove(a.id, a);
        metrics.retire(a);
        returnQuota(a.username);
        if (a.relay != null) {
            a.relay.close();
        }
        a.client.allocationEnded();
        if (a.port > 0) {
            ports.release(a.port);
        }
        log.debug("{} deleted: {}", a, why);
    }

    /** Expires allocations, permissions, channel bindings and port reservations. Any thread. */
    public void sweep() {
        long now = clock.millis();
        ports.expireReservations(now);
        for (Allocation a : byId.values()) {
            EventLoop loop = a.client.eventLoop();
            if (loop.inEventLoop()) {
                sweep(a, now);
            } else {
                loop.execute(() -> sweep(a, clock.millis()));
            }
        }
    }

    private void sweep(Allocation a, long now) {
        if (a.closed || !a.ready) {
            return;
        }
        if (a.expiresAt <= now) {
            delete(a, "lifetime expired");
        } else {
            a.expireEntries(now);
        }
    }

    public List<AllocationInfo> allocations() {
        List<AllocationInfo> out = new ArrayList<>();
        for (Allocation a : byId.values()) {
            AllocationInfo info = onLoop(a, () -> a.ready && !a.closed ? a.snapshot(clock.millis()) : null);
            if (info != null) {
                out.add(info);
            }
        }
        return out;
    }

    /** Ends one allocation at once, and closes its TCP/TLS connection. */
    public boolean terminate(String id) {
        Allocation a = byId.get(id);
        if (a == null) {
            return false;
        }
        log.info("{} terminated by the operator", a);
        Boolean done = onLoop(a, () -> {
            boolean live = !a.closed;
            delete(a, "terminated");
            a.client.close();
            return live;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Ends every allocation of {@code username}; returns how many. */
    public int terminateUser(String username) {
        int n = 0;
        for (Allocation a : byId.values()) {
            if (a.username.equals(username) && terminate(a.id)) {
                n++;
            }
        }
        return n;
    }

    public void close() {
        for (Allocation a : byId.values()) {
            delete(a, "server closing");
        }
        metrics.close();
    }

    private static <T> T onLoop(Allocation a, java.util.concurrent.Callable<T> task) {
        EventLoop loop = a.client.eventLoop();
        try {
            if (loop.inEventLoop()) {
                return task.call();
            }
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("admin call on {} failed: {}", a, e.toString());
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
