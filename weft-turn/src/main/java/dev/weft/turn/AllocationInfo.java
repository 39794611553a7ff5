package dev.weft.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one allocation, for the admin API ({@link TurnServer#allocations()}).
 *
 * @param id           opaque identifier, for {@link TurnServer#terminate(String)}
 * @param username     the authenticated user (the full REST username, e.g. {@code 1700000000:alice})
 * @param client       the client's 5-tuple
 * @param relayed      the relayed transport address
 * @param created      when the allocation was made
 * @param expires      when it expires unless refreshed
 * @param permissions  peer IP addresses with a live permission
 * @param channels     bound channel numbers and their peers
 * @param bytesIn      payload bytes relayed from peers to the client
 * @param bytesOut     payload bytes relayed from the client to peers
 * @param packetsIn    packets relayed from peers to the client
 * @param packetsOut   packets relayed from the client to peers
 * @param dropped      packets dropped for this allocation (no permission, bandwidth cap, backpressure)
 */
public record AllocationInfo(
        String id,
        String username,
        FiveTuple client,
        InetSocketAddress relayed,
        Instant created,
        Instant expires,
        List<InetAddress> permissions,
        Map<Integer, InetSocketAddress> channels,
        long bytesIn,
        long bytesOut,
        long packetsIn,
        long packetsOut,
        long dropped) {
    public AllocationInfo {
        permissions = List.copyOf(permissions);
        channels = Map.copyOf(channels);
    }
}
