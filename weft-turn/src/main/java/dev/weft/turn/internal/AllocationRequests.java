package dev.weft.turn.internal;

import dev.weft.stun.AttributeType;
import dev.weft.stun.ChannelData;
import dev.weft.stun.ChannelNumber;
import dev.weft.stun.ErrorCode;
import dev.weft.stun.Lifetime;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunParseException;
import dev.weft.stun.XorPeerAddress;
import dev.weft.turn.TurnConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refresh (RFC 8656 Section 8), CreatePermission (Section 9) and ChannelBind (Section 12) on an allocation. */
final class AllocationRequests {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");
    private static final long PERMISSION_MILLIS = TurnConfig.PERMISSION_LIFETIME.toMillis();
    private static final long CHANNEL_MILLIS = TurnConfig.CHANNEL_LIFETIME.toMillis();

    private final TurnService service;
    private final Responses responses;

    AllocationRequests(TurnService service, Responses responses) {
        this.service = service;
        this.responses = responses;
    }

    byte[] refresh(StunMessage m, Authenticator.Principal who, Allocation a) throws StunParseException {
        long lifetime = Lifetimes.granted(m, service.config, true);
        if (lifetime == 0) {
            service.delete(a, "refreshed with LIFETIME 0");
        } else {
            a.expiresAt = service.clock.millis() + lifetime * 1000;
            log.debug("{} refreshed for {} s", a, lifetime);
        }
        return responses.success(m, who, new Lifetime(lifetime));
    }

    byte[] createPermission(StunMessage m, Authenticator.Principal who, Allocation a)
            throws TurnError, StunParseException {
        List<InetAddress> peers = new ArrayList<>();
        for (int i = 0; i < m.attributeCount(); i++) {
            if (m.attributeCode(i) == AttributeType.XOR_PEER_ADDRESS.code()) {
                InetSocketAddress peer = XorPeerAddress.decode(m.toByteArray(), m.valueOffset(i), m.valueLength(i),
                        m.transactionId()).address();
                checkPeer(a, peer.getAddress());
                peers.add(peer.getAddress());
            }
        }
        if (peers.isEmpty()) {
            throw TurnError.of(ErrorCode.BAD_REQUEST, "CreatePermission needs XOR-PEER-ADDRESS (RFC 8656 Section 9.2)");
        }
        long expires = service.clock.millis() + PERMISSION_MILLIS;
        for (InetAddress peer : peers) {
            a.install(peer, expires);
        }
        log.debug("{} permits {}", a, peers);
        return responses.success(m, who);
    }

    byte[] channelBind(StunMessage m, Authenticator.Principal who, Allocation a) throws TurnError, StunParseException {
        ChannelNumber number = ChannelNumber.getFrom(m);
        XorPeerAddress peerAttr = XorPeerAddress.getFrom(m);
        if (number == null || peerAttr == null) {
            throw TurnError.of(ErrorCode.BAD_REQUEST,
                    "ChannelBind needs CHANNEL-NUMBER and XOR-PEER-ADDRESS (RFC 8656 Section 12.2)");
        }
        int channel = number.number();
        if (!ChannelData.isValidChannel(channel, service.config.rfc5766ChannelNumbers())) {
            throw TurnError.of(ErrorCode.BAD_REQUEST, String.format(
                    "channel number 0x%04x is outside 0x4000-0x%04x (RFC 8656 Section 12.2)", channel,
                    service.config.rfc5766ChannelNumbers() ? ChannelData.MAX_CHANNEL_RFC5766 : ChannelData.MAX_CHANNEL));
        }
        InetSocketAddress peer = peerAttr.address();
        checkPeer(a, peer.getAddress());
        ChannelBinding byNumber = a.channels.get(channel);
        ChannelBinding byPeer = a.channelsByPeer.get(peer);
        if ((byNumber != null && !byNumber.peer.equals(peer)) || (byPeer != null && byPeer.number != channel)) {
            throw TurnError.of(ErrorCode.BAD_REQUEST,
                    "channel or peer already bound to something else (RFC 8656 Section 12.2)");
        }
        long now = service.clock.millis();
        Permission permission = a.install(peer.getAddress(), now + PERMISSION_MILLIS);
        if (byNumber == null || byNumber.permission != permission) {
            if (byNumber != null) {
                a.channelsByPeer.remove(byNumber.peer);
            }
            ChannelBinding b = new ChannelBinding(channel, peer, permission, now + CHANNEL_MILLIS);
            a.channels.put(channel, b);
            a.channelsByPeer.put(peer, b);
            log.debug("{} binds channel 0x{} to {}", a, Integer.toHexString(channel), peer);
        } else {
            byNumber.expiresAt = now + CHANNEL_MILLIS;
        }
        return responses.success(m, who);
    }

    /** 403 for denied peers (RFC 8656 Section 9.2), 443 for a family the relay does not have. */
    private void checkPeer(Allocation a, InetAddress peer) throws TurnError {
        if (peer.getClass() != service.relayAddress.getClass()) {
            throw TurnError.of(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH,
                    "peer address family differs from the relayed address (RFC 8656 Section 9.2)");
        }
        if (!service.peers.isAllowed(peer)) {
            throw TurnError.of(ErrorCode.FORBIDDEN, "relaying to " + peer.getHostAddress() + " is not allowed");
        }
    }
}
