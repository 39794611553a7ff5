package dev.weft.turn.internal;

import dev.weft.stun.ErrorCode;
import dev.weft.stun.EvenPort;
import dev.weft.stun.Lifetime;
import dev.weft.stun.RequestedAddressFamily;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.ReservationToken;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunParseException;
import dev.weft.stun.XorMappedAddress;
import dev.weft.stun.XorRelayedAddress;
import dev.weft.turn.FiveTuple;
import io.netty.channel.ChannelFuture;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocate (RFC 8656 Section 7.2): checks, quota, a relay port from the range, then binds the relay socket.
 * The bind completes asynchronously; the success response (kept for retransmissions) or 508 is sent then.
 */
final class AllocateProcessor {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");
    private static final int BIND_ATTEMPTS = 8;

    private final TurnService service;
    private final Responses responses;
    private final SecureRandom random = new SecureRandom();

    AllocateProcessor(TurnService service, Responses responses) {
        this.service = service;
        this.responses = responses;
    }

    /** The immediate response, or null when the answer will be sent once the relay socket is bound. */
    byte[] allocate(ClientLink link, StunMessage m, Authenticator.Principal who, Allocation existing)
            throws TurnError, StunParseException {
        if (existing != null) {
            if (m.transactionId().equals(existing.allocateTransaction)) {
                return existing.allocateResponse; // a retransmission: same answer, or none yet while binding
            }
            throw TurnError.of(ErrorCode.ALLOCATION_MISMATCH, "this 5-tuple already has an allocation (RFC 8656 Section 7.2)");
        }
        RequestedTransport transport = RequestedTransport.getFrom(m);
        if (transport == null) {
            throw TurnError.of(ErrorCode.BAD_REQUEST, "Allocate needs REQUESTED-TRANSPORT (RFC 8656 Section 7.2)");
        }
        if (transport.protocol() != RequestedTransport.UDP) {
            throw TurnError.of(ErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL, "only UDP relaying is offered");
        }
        ReservationToken token = ReservationToken.getFrom(m);
        EvenPort even = EvenPort.getFrom(m);
        RequestedAddressFamily family = RequestedAddressFamily.getFrom(m);
        if (token != null && (even != null || family != null)) {
            throw TurnError.of(ErrorCode.BAD_REQUEST,
                    "RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY (RFC 8656 Section 7.2)");
        }
        int relayFamily = service.relayAddress instanceof Inet4Address ? RequestedAddressFamily.IPV4 : RequestedAddressFamily.IPV6;
        if (family != null && family.family() != relayFamily) {
            throw TurnError.of(ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED,
                    "this server relays " + (relayFamily == 1 ? "IPv4" : "IPv6") + " only");
        }
        long lifetime = Lifetimes.granted(m, service.config, false);
        if (!service.takeQuota(who.username())) {
            throw TurnError.of(ErrorCode.ALLOCATION_QUOTA_REACHED, "allocation quota reached for " + who.username());
        }
        long now = service.clock.millis();
        int port;
        if (token != null) {
            port = service.ports.claim(token.token(), now);
        } else {
            port = service.ports.acquire(even != null, even != null && even.reserveNext());
        }
        if (port < 0) {
            service.returnQuota(who.username());
            throw TurnError.of(ErrorCode.INSUFFICIENT_CAPACITY, token != null
                    ? "no port reserved under this RESERVATION-TOKEN" : "no relay port free in the range");
        }
        Allocation a = new Allocation(newId(), who.username(), who.key(), link, now, now + lifetime * 1000,
                service.config.bandwidthLimit());
        a.allocateTransaction = m.transactionId();
        a.port = port;
        if (even != null && even.reserveNext()) {
            a.reservedPort = port + 1;
        }
        if (!service.register(a)) {
            release(a);
            throw TurnError.of(ErrorCode.ALLOCATION_MISMATCH, "this 5-tuple already has an allocation");
        }
        bind(a, m, who, lifetime, BIND_ATTEMPTS);
        return null;
    }

    private void bind(Allocation a, StunMessage m, Authenticator.Principal who, long lifetime, int attemptsLeft) {
        InetSocketAddress local = new InetSocketAddress(service.relayAddress, a.port);
        service.relaySockets.open(a.client.eventLoop(), local, new RelayHandler(service.relay, a))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        a.relay = ((io.netty.channel.ChannelFuture) f).channel();
                        bound(a, m, who, lifetime, local);
                    } else if (attemptsLeft > 1 && a.reservedPort < 0 && !a.closed) {
                        // Port taken by another process: try another one from the range.
                        service.ports.release(a.port);
                        a.port = service.ports.acquire(false, false);
                        if (a.port > 0) {
                            bind(a, m, who, lifetime, attemptsLeft - 1);
                            return;
                        }
                        fail(a, m, who);
                    } else {
                        fail(a, m, who);
                    }
                });
    }

    private void bound(Allocation a, StunMessage m, Authenticator.Principal who, long lifetime, InetSocketAddress local) {
        if (a.closed) {
            a.relay.close();
            return;
        }
        a.relayed = local;
        ReservationToken token = null;
        if (a.reservedPort > 0) {
            token = new ReservationToken(random.nextLong());
            service.ports.reserve(token.token(), a.reservedPort, service.clock.millis() + PortPool.RESERVATION_MILLIS);
        }
        a.allocateResponse = responses.success(m, who, new XorRelayedAddress(local), new Lifetime(lifetime), token,
                new XorMappedAddress(a.client.fiveTuple().client()));
        a.ready = true;
        service.metrics.allocationCreated();
        log.debug("{} created, lifetime {} s", a, lifetime);
        RequestProcessor.send(a.client, a.allocateResponse);
        if (a.client instanceof UdpLink udp) {
            connectClient(a, udp);
        }
    }

    /** Moves a UDP client onto its own connected socket where the platform allows (see RelaySockets). */
    private void connectClient(Allocation a, UdpLink udp) {
        FiveTuple t = udp.fiveTuple();
        ChannelFuture f = service.relaySockets.connectClient(udp.eventLoop(), t.server(), t.client(), service.udpFrontend);
        if (f == null) {
            return;
        }
        f.addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("{} stays on the listening socket: {}", a, done.cause().toString());
            } else if (a.closed) {
                f.channel().close();
            } else {
                udp.useConnected(f.channel());
            }
        });
    }

    private void fail(Allocation a, StunMessage m, Authenticator.Principal who) {
        if (a.reservedPort > 0) {
            service.ports.release(a.reservedPort);
        }
        service.delete(a, "relay socket bind failed");
        RequestProcessor.send(a.client, service.requests.refuse(m,
                TurnError.of(ErrorCode.INSUFFICIENT_CAPACITY, "could not bind a relay port"), a.client, who));
    }

    private void release(Allocation a) {
        service.ports.release(a.port);
        if (a.reservedPort > 0) {
            service.ports.release(a.reservedPort);
        }
        service.returnQuota(a.username);
    }

    private String newId() {
        byte[] b = new byte[9];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
