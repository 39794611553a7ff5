package dev.weft.turn.internal;

import dev.weft.stun.ChannelData;
import dev.weft.turn.internal.TurnMetrics.Drop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listening socket: ChannelData (first bits 01) goes straight to the relay, everything else to the STUN
 * control path (RFC 8656 Section 12.4 demultiplexing). Sharable: with SO_REUSEPORT each socket has one.
 */
@ChannelHandler.Sharable
public final class UdpFrontend extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    private final TurnService service;

    public UdpFrontend(TurnService service) {
        this.service = service;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf buf = packet.content();
        InetSocketAddress sender = packet.sender();
        if (buf.readableBytes() >= ChannelData.HEADER_SIZE && ChannelData.isChannelData(buf.getByte(buf.readerIndex()))) {
            Allocation a = service.allocation(sender);
            if (a == null) {
                buf.release();
                service.metrics.drop(Drop.NO_ALLOCATION);
            } else {
                service.relay.fromClientChannelData(a, buf);
            }
            return;
        }
        try {
            ByteBuf binding = service.fastBinding(buf, sender, ctx.alloc());
            if (binding != null) {
                ctx.write(new DatagramPacket(binding, sender), ctx.voidPromise());
                return;
            }
            Allocation a = service.allocation(sender);
            ClientLink link = a != null ? a.client : new UdpLink(ctx.channel(), sender, localAddress(ctx, packet));
            service.onStun(link, buf);
            if (link instanceof UdpLink udp && udp.writesElsewhere(ctx.channel())) {
                link.flush(); // answered through the client's connected socket, which this read does not flush
            }
        } finally {
            buf.release();
        }
    }

    private static InetSocketAddress localAddress(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress local = packet.recipient();
        return local != null ? local : (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        service.relay.flushPending();
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("UDP listener error: {}", cause.toString());
    }
}
