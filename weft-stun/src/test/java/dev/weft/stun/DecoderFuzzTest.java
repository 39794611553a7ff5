package dev.weft.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds 200,000 seeded random and mutated inputs to every decoder: the only exception allowed out is
 * {@link StunParseException}. Anything else (IndexOutOfBounds, IllegalArgument, NullPointer) fails the test.
 */
class DecoderFuzzTest {
    private static final int CASES = 200_000;
    private static final byte[] KEY = LongTermKey.md5("u", "r", "p");

    @Test
    void only_the_typed_parse_error_escapes() throws Exception {
        List<byte[]> seeds = seeds();
        SplittableRandom rnd = new SplittableRandom(0x5745_4654L);
        SendIndicationView view = new SendIndicationView();
        BindingResponder responder = new BindingResponder("fuzz");
        int parsed = 0;
        int rejected = 0;
        for (int n = 0; n < CASES; n++) {
            byte[] input = n % 4 == 0 ? randomBytes(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            try {
                responder.isPlainBindingRequest(input, 0, input.length);
                exercise(input, view);
                parsed++;
            } catch (StunParseException expected) {
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("case " + n + " threw " + e + " for " + java.util.HexFormat.of().formatHex(input), e);
            }
        }
        assertThat(parsed + rejected).isEqualTo(CASES);
        assertThat(parsed).as("mutations that still parse").isGreaterThan(1000);
        assertThat(rejected).as("inputs refused").isGreaterThan(1000);
    }

    private static void exercise(byte[] input, SendIndicationView view) throws StunParseException {
        ByteBuffer buf = ByteBuffer.wrap(input);
        view.parse(buf, 0, input.length);
        ChannelData.checkDatagram(buf, 0, input.length);
        if (input.length > 0 && ChannelData.isChannelData(input[0])) {
            ChannelData.decode(input);
            return;
        }
        StunMessage m = StunMessage.decode(input);
        MessageIntegrity.check(m, KEY);
        MessageIntegritySha256.check(m, KEY);
        Fingerprint.check(m);
        m.unknownComprehensionRequired(code -> code < 0x20);
        for (int i = 0; i < m.attributeCount(); i++) {
            decodeAny(m, i);
        }
    }

    /** Decodes attribute {@code i} with the codec for its type, whatever the type really holds. */
    private static void decodeAny(StunMessage m, int i) throws StunParseException {
        byte[] b = m.toByteArray();
        int off = m.valueOffset(i);
        int len = m.valueLength(i);
        TransactionId tx = m.transactionId();
        switch (m.attributeCode(i) % 24) {
            case 0 -> XorMappedAddress.decode(b, off, len, tx);
            case 1 -> MappedAddress.decode(b, off, len, tx);
            case 2 -> XorPeerAddress.decode(b, off, len, tx);
            case 3 -> XorRelayedAddress.decode(b, off, len, tx);
            case 4 -> Username.decode(b, off, len);
            case 5 -> Realm.decode(b, off, len);
            case 6 -> Nonce.decode(b, off, len);
            case 7 -> Software.decode(b, off, len);
            case 8 -> ErrorCodeAttribute.decode(b, off, len);
            case 9 -> UnknownAttributes.decode(b, off, len);
            case 10 -> Lifetime.decode(b, off, len);
            case 11 -> RequestedTransport.decode(b, off, len);
            case 12 -> ChannelNumber.decode(b, off, len);
            case 13 -> Data.decode(b, off, len);
            case 14 -> DontFragment.decode(b, off, len);
            case 15 -> EvenPort.decode(b, off, len);
            case 16 -> ReservationToken.decode(b, off, len);
            case 17 -> RequestedAddressFamily.decode(b, off, len);
            case 18 -> UserHash.decode(b, off, len);
            case 19 -> PasswordAlgorithm.decode(b, off, len);
            case 20 -> PasswordAlgorithms.decode(b, off, len);
            case 21 -> AlternateServer.decode(b, off, len, tx);
            default -> RawAttribute.of(m, i);
        }
    }

    private static byte[] randomBytes(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(0, 120)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        if (b.length >= 8 && rnd.nextBoolean()) {
            // Make random input look like STUN often enough to reach the attribute walk.
            b[0] &= 0x3F;
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = (byte) 0xA4;
            b[7] = 0x42;
            b[2] = (byte) ((b.length - 20) >> 8);
            b[3] = (byte) (b.length - 20);
        }
        return b;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> {
                for (int k = rnd.nextInt(1, 6); k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case 3 -> {
                // Corrupt an attribute length but keep the header length consistent.
                int pos = 20 + 4 * rnd.nextInt(Math.max(1, (b.length - 20) / 4));
                if (pos + 3 < b.length) {
                    b[pos + 2] = (byte) rnd.nextInt(3);
                    b[pos + 3] = (byte) rnd.nextInt(256);
                }
            }
            default -> {
                // Change an attribute type to another known or unknown code.
                int pos = 20 + 4 * rnd.nextInt(Math.max(1, (b.length - 20) / 4));
                if (pos + 1 < b.length) {
                    b[pos] = (byte) rnd.nextInt(2) == 0 ? 0 : (byte) 0x80;
                    b[pos + 1] = (byte) rnd.nextInt(0x30);
                }
            }
        }
        return b;
    }

    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Fixtures.hex("rfc5769-2.1-sample-request.hex"));
        seeds.add(Fixtures.hex("rfc5769-2.2-ipv4-response.hex"));
        seeds.add(Fixtures.hex("rfc5769-2.3-ipv6-response.hex"));
        seeds.add(Fixtures.hex("rfc5769-2.4-long-term-request.hex"));
        TransactionId tx = TransactionId.random();
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 4000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 4000);
        seeds.add(new StunMessageBuilder(MessageType.ALLOCATE_REQUEST, tx)
                .add(new RequestedTransport(17)).add(new Lifetime(600)).add(new EvenPort(true))
                .add(new Username("alice")).add(new Realm("weft")).add(new Nonce("abc"))
                .addMessageIntegrity(KEY).addMessageIntegritySha256(KEY).addFingerprint().build());
        seeds.add(StunMessageBuilder.build(MessageType.SEND_INDICATION, tx, new XorPeerAddress(v4), new Data(new byte[33])));
        seeds.add(StunMessageBuilder.build(new MessageType(StunMethod.ALLOCATE, MessageClass.ERROR_RESPONSE), tx,
                new ErrorCodeAttribute(ErrorCode.UNKNOWN_ATTRIBUTE), new UnknownAttributes(List.of(AttributeType.EVEN_PORT)),
                new PasswordAlgorithms(List.of(new PasswordAlgorithm(1), new PasswordAlgorithm(2, new byte[] {1, 2})))));
        seeds.add(StunMessageBuilder.build(MessageType.BINDING_SUCCESS, tx, new XorMappedAddress(v6),
                new MappedAddress(v4), new AlternateServer(v6), new XorRelayedAddress(v4), new ChannelNumber(0x4000),
                new ReservationToken(7), new RequestedAddressFamily(2), new UserHash(new byte[32]), DontFragment.INSTANCE));
        seeds.add(ChannelData.encode(0x4001, new byte[] {1, 2, 3}, true));
        return seeds;
    }
}
