package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.ChannelNumber;
import dev.weft.stun.ErrorCode;
import dev.weft.stun.ErrorCodeAttribute;
import dev.weft.stun.Fingerprint;
import dev.weft.stun.LongTermKey;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageIntegrity;
import dev.weft.stun.MessageType;
import dev.weft.stun.Nonce;
import dev.weft.stun.Realm;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.StunAttribute;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.StunParseException;
import dev.weft.stun.TransactionId;
import dev.weft.stun.Username;
import dev.weft.stun.XorPeerAddress;
import dev.weft.stun.XorRelayedAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A TURN client written with weft-stun, talking to a {@link Harness} from one UDP address. */
final class TestClient {
    final Harness h;
    final InetSocketAddress address;
    final String username;
    final String password;
    String nonce;
    int relayPort = -1;

    TestClient(Harness h, int port, String username, String password) {
        this.h = h;
        this.address = Harness.client(port);
        this.username = username;
        this.password = password;
    }

    byte[] key() {
        return LongTermKey.md5(username, Harness.REALM, password);
    }

    /** A signed request with USERNAME, REALM, NONCE, MESSAGE-INTEGRITY and FINGERPRINT. */
    byte[] signed(StunMethod method, TransactionId tx, StunAttribute... attributes) {
        StunMessageBuilder b = new StunMessageBuilder(new MessageType(method, MessageClass.REQUEST), tx);
        for (StunAttribute a : attributes) {
            b.add(a);
        }
        return b.add(new Username(username)).add(new Realm(Harness.REALM)).add(new Nonce(nonce))
                .addMessageIntegrity(key()).addFingerprint().build();
    }

    /** Sends a signed request, first fetching a nonce with an unsigned one if needed; returns the response. */
    StunMessage call(StunMethod method, StunAttribute... attributes) {
        if (nonce == null) {
            StunMessage challenge = h.request(address, StunMessageBuilder.build(
                    new MessageType(method, MessageClass.REQUEST), TransactionId.random(), attributes));
            assertThat(error(challenge)).isEqualTo(ErrorCode.UNAUTHENTICATED);
            nonce = value(challenge);
        }
        StunMessage r = h.request(address, signed(method, TransactionId.random(), attributes));
        if (error(r) != null && error(r).equals(ErrorCode.STALE_NONCE)) {
            nonce = value(r);
            r = h.request(address, signed(method, TransactionId.random(), attributes));
        }
        return r;
    }

    StunMessage allocate(StunAttribute... extra) {
        List<StunAttribute> attrs = new ArrayList<>(List.of(new RequestedTransport(RequestedTransport.UDP)));
        attrs.addAll(List.of(extra));
        StunMessage r = call(StunMethod.ALLOCATE, attrs.toArray(StunAttribute[]::new));
        if (r.messageClass() == MessageClass.SUCCESS_RESPONSE) {
            relayPort = relayed(r).getPort();
        }
        return r;
    }

    StunMessage permit(InetSocketAddress peer) {
        return call(StunMethod.CREATE_PERMISSION, new XorPeerAddress(peer));
    }

    StunMessage bind(int channel, InetSocketAddress peer) {
        return call(StunMethod.CHANNEL_BIND, new ChannelNumber(channel), new XorPeerAddress(peer));
    }

    /** Asserts a success response signed with this client's key. */
    StunMessage ok(StunMessage r) {
        assertThat(r.messageClass()).as("%s: %s", r, error(r) == null ? "" : reason(r)).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        assertThat(MessageIntegrity.check(r, key())).as("response MESSAGE-INTEGRITY").isTrue();
        assertThat(Fingerprint.check(r)).as("response FINGERPRINT").isTrue();
        return r;
    }

    static ErrorCode error(StunMessage r) {
        try {
            ErrorCodeAttribute e = ErrorCodeAttribute.getFrom(r);
            return e == null ? null : e.code();
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    static String reason(StunMessage r) {
        try {
            return ErrorCodeAttribute.getFrom(r).reason();
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    static String value(StunMessage challenge) {
        try {
            assertThat(Realm.getFrom(challenge).value()).isEqualTo(Harness.REALM);
            return Nonce.getFrom(challenge).value();
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    static InetSocketAddress relayed(StunMessage r) {
        try {
            return XorRelayedAddress.getFrom(r).address();
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }
}
