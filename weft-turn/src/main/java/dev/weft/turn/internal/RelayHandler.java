package dev.weft.turn.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline of one relay socket: peer datagrams go to {@link Relay#fromPeer}; flushed once per read batch. */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    private final Relay relay;
    private final Allocation allocation;

    RelayHandler(Relay relay, Allocation allocation) {
        this.relay = relay;
        this.allocation = allocation;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            relay.fromPeer(allocation, packet);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        allocation.client.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable from a peer and the like: the socket stays open.
        log.debug("{}: relay socket error {}", allocation, cause.toString());
    }
}
