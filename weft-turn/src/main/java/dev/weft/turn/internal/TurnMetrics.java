package dev.weft.turn.internal;

import dev.weft.stun.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The server's meters. Relay byte and packet counts are not incremented per packet: each allocation keeps
 * plain counters on its own thread, and the meters add up the live allocations plus the totals of the ones that
 * ended. Readings from another thread may lag by a few packets.
 *
 * <ul>
 *   <li>{@code weft.turn.allocations.active} (gauge), {@code weft.turn.allocations} (created, counter)</li>
 *   <li>{@code weft.turn.relay.bytes} and {@code weft.turn.relay.packets}, tag {@code direction} =
 *       {@code to_peer} | {@code to_client}</li>
 *   <li>{@code weft.turn.errors}, tag {@code code} (every STUN error response sent)</li>
 *   <li>{@code weft.turn.dropped.packets}, tag {@code reason} (see {@link Drop})</li>
 *   <li>{@code weft.turn.binding.requests}</li>
 * </ul>
 */
public final class TurnMetrics {
    /** Why a packet was dropped. */
    public enum Drop {
        /** Not STUN, not ChannelData, or a STUN message that does not parse. */
        MALFORMED,
        /** ChannelData or a Send indication from a 5-tuple without an allocation. */
        NO_ALLOCATION,
        /** ChannelData on a channel that is not bound (or expired). */
        NO_CHANNEL,
        /** Traffic to or from a peer without a permission. */
        NO_PERMISSION,
        /** Over the allocation's bandwidth cap. */
        BANDWIDTH,
        /** The outgoing socket's buffer is full. */
        BACKPRESSURE;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter created;
    private final Counter bindingRequests;
    private final Counter[] drops = new Counter[Drop.values().length];
    private final Map<Integer, Counter> errors = new ConcurrentHashMap<>();
    private final LongAdder retiredBytesToPeer = new LongAdder();
    private final LongAdder retiredBytesToClient = new LongAdder();
    private final LongAdder retiredPacketsToPeer = new LongAdder();
    private final LongAdder retiredPacketsToClient = new LongAdder();
    private final Collection<Allocation> live;

    public TurnMetrics(MeterRegistry registry, Collection<Allocation> live) {
        this.registry = registry;
        this.live = live;
        meters.add(Gauge.builder("weft.turn.allocations.active", live, Collection::size)
                .description("Allocations that exist now").strongReference(true).register(registry));
        created = add(Counter.builder("weft.turn.allocations").description("Allocations created").register(registry));
        bindingRequests = add(Counter.builder("weft.turn.binding.requests").description("Binding requests answered")
                .register(registry));
        for (Drop d : Drop.values()) {
            drops[d.ordinal()] = add(Counter.builder("weft.turn.dropped.packets").tag("reason", d.tag())
                    .description("Packets dropped").register(registry));
        }
        relay("weft.turn.relay.bytes", "to_peer", retiredBytesToPeer, a -> a.bytesToPeer);
        relay("weft.turn.relay.bytes", "to_client", retiredBytesToClient, a -> a.bytesToClient);
        relay("weft.turn.relay.packets", "to_peer", retiredPacketsToPeer, a -> a.packetsToPeer);
        relay("weft.turn.relay.packets", "to_client", retiredPacketsToClient, a -> a.packetsToClient);
    }

    private void relay(String name, String direction, LongAdder retired, ToLongFunction<Allocation> field) {
        meters.add(FunctionCounter.builder(name, this, m -> {
            long sum = retired.sum();
            for (Allocation a : live) {
                sum += field.applyAsLong(a);
            }
            return sum;
        }).tag("direction", direction).description("Payload relayed").register(registry));
    }

    private synchronized Counter add(Counter c) {
        meters.add(c);
        return c;
    }

    public void allocationCreated() {
        created.increment();
    }

    public void bindingRequest() {
        bindingRequests.increment();
    }

    public void drop(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    public void error(ErrorCode code) {
        errors.computeIfAbsent(code.code(), c -> add(Counter.builder("weft.turn.errors").tag("code", String.valueOf(c))
                .description("STUN error responses sent").register(registry))).increment();
    }

    /** Adds an ended allocation's counters to the totals; call once it has left the live collection. */
    void retire(Allocation a) {
        retiredBytesToPeer.add(a.bytesToPeer);
        retiredBytesToClient.add(a.bytesToClient);
        retiredPacketsToPeer.add(a.packetsToPeer);
        retiredPacketsToClient.add(a.packetsToClient);
    }

    /** Removes this server's meters from the registry. */
    public synchronized void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
