package dev.weft.turn.internal;

import dev.weft.stun.ChannelData;
import dev.weft.stun.DataIndicationWriter;
import dev.weft.stun.SendIndicationView;
import dev.weft.turn.internal.TurnMetrics.Drop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The relay hot path (RFC 8656 Sections 11 and 12): ChannelData and Send indications from the client to a peer,
 * and peer datagrams back as ChannelData or Data indications.
 *
 * <p>Per packet it allocates nothing of its own: client-to-peer reuses the received buffer (its reader and writer
 * indexes are moved onto the payload), peer-to-client writes the header into one pooled buffer; lookups use
 * primitive-keyed maps; counters are plain fields on the allocation's thread; no logging. The only objects are
 * the {@link DatagramPacket}s Netty's API needs. Writes are flushed once per read batch ({@link #flushPending}).
 *
 * <p>Every method takes ownership of the buffer it is given.
 */
public final class Relay {
    private static final FastThreadLocal<ArrayList<Allocation>> PENDING = new FastThreadLocal<>() {
        @Override
        protected ArrayList<Allocation> initialValue() {
            return new ArrayList<>();
        }
    };

    private final TurnMetrics metrics;
    private final Clock clock;

    Relay(TurnService service) {
        this.metrics = service.metrics;
        this.clock = service.clock;
    }

    /** ChannelData from the client (a datagram, or one TCP frame) to the bound peer. */
    public void fromClientChannelData(Allocation a, ByteBuf buf) {
        if (!a.client.eventLoop().inEventLoop()) {
            a.client.eventLoop().execute(() -> fromClientChannelData(a, buf));
            return;
        }
        int ri = buf.readerIndex();
        int len = buf.readableBytes();
        // The 4-byte ChannelData header (RFC 8656 Section 12.4) read in place: no copy, no view object.
        int dataLen = len >= ChannelData.HEADER_SIZE ? buf.getUnsignedShort(ri + 2) : -1;
        if (dataLen < 0 || dataLen > len - ChannelData.HEADER_SIZE) {
            drop(a, buf, Drop.MALFORMED);
            return;
        }
        long now = clock.millis();
        ChannelBinding b = a.ready ? a.channels.get(buf.getUnsignedShort(ri)) : null;
        if (b == null || b.expiresAt <= now) {
            drop(a, buf, Drop.NO_CHANNEL);
        } else if (b.permission.expiresAt <= now) {
            drop(a, buf, Drop.NO_PERMISSION);
        } else {
            buf.setIndex(ri + ChannelData.HEADER_SIZE, ri + ChannelData.HEADER_SIZE + dataLen);
            toPeer(a, buf, b.peer, dataLen, now);
        }
    }

    /** A Send indication from the client (RFC 8656 Section 11.2); malformed or unpermitted ones are dropped. */
    public void fromClientSend(Allocation a, ByteBuf buf) {
        if (!a.client.eventLoop().inEventLoop()) {
            a.client.eventLoop().execute(() -> fromClientSend(a, buf));
            return;
        }
        int ri = buf.readerIndex();
        int len = buf.readableBytes();
        Scratch scratch = Scratch.get();
        SendIndicationView view = scratch.view;
        int off = 0;
        if (len <= 0x10000) {
            buf.getBytes(ri, scratch.bytes, 0, len);
        }
        if (!a.ready || len > 0x10000 || !view.parse(scratch.buffer, off, len)) {
            drop(a, buf, a.ready ? Drop.MALFORMED : Drop.NO_ALLOCATION);
            return;
        }
        long now = clock.millis();
        Permission p = a.permission(view.peerIp(), view.peerIpLength(), now);
        if (p == null) {
            drop(a, buf, Drop.NO_PERMISSION);
            return;
        }
        InetSocketAddress peer = p.lastPeer;
        if (peer == null || peer.getPort() != view.peerPort()) {
            peer = new InetSocketAddress(p.address, view.peerPort());
            p.lastPeer = peer;
        }
        int dataStart = ri + (view.dataOffset() - off);
        buf.setIndex(dataStart, dataStart + view.dataLength());
        toPeer(a, buf, peer, view.dataLength(), now);
    }

    private void toPeer(Allocation a, ByteBuf payload, InetSocketAddress peer, int dataLen, long now) {
        Channel relay = a.relay;
        if (a.bandwidth != null && !a.bandwidth.tryTake(dataLen, now)) {
            drop(a, payload, Drop.BANDWIDTH);
        } else if (!relay.isWritable()) {
            drop(a, payload, Drop.BACKPRESSURE);
        } else {
            relay.write(new DatagramPacket(payload, peer), relay.voidPromise());
            a.bytesToPeer += dataLen;
            a.packetsToPeer++;
            if (!a.flushPending) {
                a.flushPending = true;
                PENDING.get().add(a);
            }
        }
    }

    /** A datagram from a peer to the allocation's relay socket, sent on to the client. */
    public void fromPeer(Allocation a, DatagramPacket packet) {
        ByteBuf in = packet.content();
        InetSocketAddress peer = packet.sender();
        long now = clock.millis();
        Permission p = a.ready ? a.permission(peer.getAddress(), now) : null;
        int len = in.readableBytes();
        if (p == null) {
            drop(a, in, Drop.NO_PERMISSION);
            return;
        }
        if (a.bandwidth != null && !a.bandwidth.tryTake(len, now)) {
            drop(a, in, Drop.BANDWIDTH);
            return;
        }
        if (!a.client.isWritable()) {
            drop(a, in, Drop.BACKPRESSURE);
            return;
        }
        ChannelBinding b = a.channelsByPeer.get(peer);
        ByteBuf out;
        if (b != null && b.expiresAt > now) {
            boolean stream = a.client.isStream();
            int frame = ChannelData.frameSize(len, stream);
            out = a.client.alloc().directBuffer(frame);
            out.writeShort(b.number).writeShort(len).writeBytes(in, in.readerIndex(), len);
            out.writeZero(frame - ChannelData.HEADER_SIZE - len);
        } else {
            int header = DataIndicationWriter.headerSize(p.ip.length);
            int pad = DataIndicationWriter.paddingSize(len);
            out = a.client.alloc().directBuffer(header + len + pad);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            Scratch scratch = Scratch.get();
            DataIndicationWriter.writeHeader(scratch.buffer, 0, p.ip, p.ip.length, peer.getPort(), len,
                    rnd.nextLong(), rnd.nextInt());
            out.writeBytes(scratch.bytes, 0, header).writeBytes(in, in.readerIndex(), len).writeZero(pad);
        }
        in.release();
        a.client.write(out);
        a.bytesToClient += len;
        a.packetsToClient++;
    }

    /** Flushes the relay sockets written in this read batch; frontends call it from channelReadComplete. */
    public void flushPending() {
        ArrayList<Allocation> pending = PENDING.get();
        for (int i = 0, n = pending.size(); i < n; i++) {
            Allocation a = pending.get(i);
            a.flushPending = false;
            Channel relay = a.relay;
            if (relay != null) {
                relay.flush();
            }
        }
        pending.clear();
    }

    private void drop(Allocation a, ByteBuf buf, Drop reason) {
        buf.release();
        if (a != null) {
            a.dropped++;
        }
        metrics.drop(reason);
    }
}
