package dev.weft.turn.internal;

import dev.weft.stun.ChannelData;
import dev.weft.stun.StunHeader;
import dev.weft.turn.FiveTuple;
import dev.weft.turn.Transport;
import dev.weft.turn.internal.TurnMetrics.Drop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP or TLS client connection (RFC 8656 Section 12.5, RFC 4571-style framing): STUN messages and ChannelData
 * frames back to back, ChannelData padded to four bytes. Each complete frame is handled in place; anything that
 * starts with neither 00 nor 01 closes the connection.
 */
public final class StreamFrontend extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    private final TurnService service;
    private final Transport transport;
    private StreamLink link;

    public StreamFrontend(TurnService service, Transport transport) {
        this.service = service;
        this.transport = transport;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        link = new StreamLink(ctx.channel(), new FiveTuple(transport,
                (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress()));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= ChannelData.HEADER_SIZE) {
            int ri = in.readerIndex();
            int first = in.getUnsignedByte(ri);
            int length = in.getUnsignedShort(ri + 2);
            int size;
            if (ChannelData.isChannelData(first)) {
                size = ChannelData.frameSize(length, true);
            } else if ((first & 0xC0) == 0) {
                size = StunHeader.SIZE + length;
            } else {
                service.metrics.drop(Drop.MALFORMED);
                log.debug("{}: neither STUN nor ChannelData on the stream, closing", link.fiveTuple());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < size) {
                return;
            }
            if (ChannelData.isChannelData(first)) {
                Allocation a = service.allocation(link);
                if (a == null) {
                    service.metrics.drop(Drop.NO_ALLOCATION);
                } else {
                    service.relay.fromClientChannelData(a, in.retainedSlice(ri, ChannelData.HEADER_SIZE + length));
                }
            } else {
                ByteBuf slice = in.slice(ri, size);
                ByteBuf binding = service.fastBinding(slice, link.fiveTuple().client(), ctx.alloc());
                if (binding != null) {
                    ctx.write(binding, ctx.voidPromise());
                } else {
                    service.onStun(link, slice);
                }
            }
            in.skipBytes(size);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        service.relay.flushPending();
        ctx.flush();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (link != null) {
            service.linkClosed(link);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: {}", link == null ? ctx.channel() : link.fiveTuple(), cause.toString());
        ctx.close();
    }
}
