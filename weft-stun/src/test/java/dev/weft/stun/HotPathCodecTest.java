package dev.weft.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** ChannelData, the Send indication view and the Data indication writer: the allocation-free relay codecs. */
class HotPathCodecTest {
    @Test
    void channel_data_round_trip_with_and_without_padding() throws Exception {
        byte[] data = {1, 2, 3, 4, 5};
        byte[] udp = ChannelData.encode(0x4001, data, false);
        byte[] tcp = ChannelData.encode(0x4001, data, true);
        assertThat(udp).hasSize(9);
        assertThat(tcp).hasSize(12);
        assertThat(ChannelData.decode(udp)).isEqualTo(new ChannelData.Frame(0x4001, data));
        assertThat(ChannelData.decode(tcp)).isEqualTo(new ChannelData.Frame(0x4001, data));
        ByteBuffer buf = ByteBuffer.wrap(tcp);
        assertThat(ChannelData.checkDatagram(buf, 0, tcp.length)).isEqualTo(5);
        assertThat(ChannelData.channelNumber(buf, 0)).isEqualTo(0x4001);
        assertThat(ChannelData.checkDatagram(buf, 0, 8)).isEqualTo(-1);
        assertThat(ChannelData.isValidChannel(0x4FFF, false)).isTrue();
        assertThat(ChannelData.isValidChannel(0x5000, false)).isFalse();
        assertThat(ChannelData.isValidChannel(0x7FFF, true)).isTrue();
        assertThat(ChannelData.isValidChannel(0x3FFF, true)).isFalse();
        assertThatThrownBy(() -> ChannelData.decode(new byte[] {0x40, 0, 0, 9, 1})).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> ChannelData.decode(new byte[] {0x00, 0, 0, 0})).isInstanceOf(StunParseException.class);
    }

    @Test
    void send_indication_view_reads_peer_and_data_without_objects() throws Exception {
        for (String ip : new String[] {"198.51.100.7", "2001:db8::7"}) {
            InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName(ip), 5004);
            byte[] payload = "hello peer".getBytes();
            byte[] wire = StunMessageBuilder.build(MessageType.SEND_INDICATION, TransactionId.random(),
                    new XorPeerAddress(peer), new Data(payload), DontFragment.INSTANCE);
            byte[] framed = new byte[wire.length + 10];
            System.arraycopy(wire, 0, framed, 7, wire.length);
            SendIndicationView view = new SendIndicationView();
            assertThat(view.parse(ByteBuffer.wrap(framed), 7, wire.length)).isTrue();
            assertThat(view.peerIpEquals(peer.getAddress().getAddress())).isTrue();
            assertThat(view.peerPort()).isEqualTo(5004);
            assertThat(view.dontFragment()).isTrue();
            assertThat(java.util.Arrays.copyOfRange(framed, view.dataOffset(), view.dataOffset() + view.dataLength()))
                    .isEqualTo(payload);
        }
    }

    @Test
    void send_indication_view_rejects_what_must_be_dropped() throws Exception {
        SendIndicationView view = new SendIndicationView();
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 5004);
        byte[] noData = StunMessageBuilder.build(MessageType.SEND_INDICATION, TransactionId.random(), new XorPeerAddress(peer));
        assertThat(view.parse(ByteBuffer.wrap(noData), 0, noData.length)).isFalse();
        byte[] unknown = StunMessageBuilder.build(MessageType.SEND_INDICATION, TransactionId.random(),
                new XorPeerAddress(peer), new Data(new byte[1]), new RawAttribute(AttributeType.valueOf(0x7ABC), new byte[0]));
        assertThat(view.parse(ByteBuffer.wrap(unknown), 0, unknown.length)).isFalse();
        byte[] request = StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random(),
                new XorPeerAddress(peer), new Data(new byte[1]));
        assertThat(view.parse(ByteBuffer.wrap(request), 0, request.length)).isFalse();
    }

    @Test
    void data_indication_writer_produces_a_valid_message() throws Exception {
        for (String ip : new String[] {"203.0.113.5", "2001:db8:1::5"}) {
            byte[] peerIp = InetAddress.getByName(ip).getAddress();
            byte[] payload = {9, 8, 7, 6, 5, 4, 3};
            int header = DataIndicationWriter.headerSize(peerIp.length);
            int pad = DataIndicationWriter.paddingSize(payload.length);
            byte[] out = new byte[header + payload.length + pad];
            ByteBuffer buf = ByteBuffer.wrap(out);
            DataIndicationWriter.writeHeader(buf, 0, peerIp, peerIp.length, 6000, payload.length, 0x1122334455667788L, 0x99AABBCC);
            System.arraycopy(payload, 0, out, header, payload.length);

            StunMessage m = StunMessage.decode(out);
            assertThat(m.type()).isEqualTo(MessageType.DATA_INDICATION);
            assertThat(XorPeerAddress.getFrom(m).address())
                    .isEqualTo(new InetSocketAddress(InetAddress.getByAddress(peerIp), 6000));
            assertThat(Data.getFrom(m).bytes()).isEqualTo(payload);
            assertThat(m.transactionId().toString()).isEqualTo("112233445566778899aabbcc");
        }
    }

    @Test
    void binding_responder_answers_plain_requests_without_objects() throws Exception {
        BindingResponder r = new BindingResponder("weft");
        byte[] rfc = Fixtures.hex("rfc5769-2.1-sample-request.hex");
        assertThat(r.isPlainBindingRequest(rfc, 0, rfc.length)).as("ICE attributes are ignorable").isTrue();
        byte[] badFingerprint = rfc.clone();
        badFingerprint[rfc.length - 1] ^= 1;
        assertThat(r.isPlainBindingRequest(badFingerprint, 0, rfc.length)).isFalse();
        byte[] change = StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random(),
                new RawAttribute(AttributeType.CHANGE_REQUEST, new byte[4]));
        assertThat(r.isPlainBindingRequest(change, 0, change.length)).isFalse();
        byte[] allocate = StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST, TransactionId.random());
        assertThat(r.isPlainBindingRequest(allocate, 0, allocate.length)).isFalse();

        for (String ip : new String[] {"192.0.2.1", "2001:db8::1"}) {
            byte[] out = new byte[r.maxResponseSize() + 8];
            int n = r.writeSuccess(rfc, 0, InetAddress.getByName(ip).getAddress(), 32853, out, 8);
            StunMessage m = StunMessage.decode(out, 8, n);
            assertThat(m.type()).isEqualTo(MessageType.BINDING_SUCCESS);
            assertThat(m.transactionId()).isEqualTo(StunMessage.decode(rfc).transactionId());
            assertThat(XorMappedAddress.getFrom(m).address()).isEqualTo(new InetSocketAddress(InetAddress.getByName(ip), 32853));
            assertThat(Software.getFrom(m).value()).isEqualTo("weft");
            assertThat(Fingerprint.check(m)).isTrue();
        }
    }
}
