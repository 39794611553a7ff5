package dev.weft.node.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Rejects text messages that are not UTF-8 (RFC 6455 section 8.1) with close status 1007, in place of Netty's
 * {@code Utf8FrameValidator} (same close status and reason, see {@link Utf8Validation} for why). Sits after the
 * protocol handler and before the aggregator, so it sees each data frame as it arrives: a text frame starts a
 * message, its continuations carry on the same validation state, and the final fragment must end between code
 * points. Binary messages and control frames pass unchecked (the frame decoder checks a close frame's reason).
 * After a rejection every further frame is dropped while the close goes out.
 */
public final class Utf8FrameCheck extends ChannelInboundHandlerAdapter {
    static final String REASON = "bytes are not UTF-8";

    private final Utf8Validation utf8 = new Utf8Validation();
    /** Inside a fragmented text message whose continuations must be checked. */
    private boolean inText;
    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean valid = true;
        if (msg instanceof TextWebSocketFrame) {
            TextWebSocketFrame frame = (TextWebSocketFrame) msg;
            utf8.reset();
            valid = check(frame.content(), frame.isFinalFragment());
        } else if (msg instanceof ContinuationWebSocketFrame) {
            ContinuationWebSocketFrame frame = (ContinuationWebSocketFrame) msg;
            if (inText) {
                valid = check(frame.content(), frame.isFinalFragment());
            }
        } else if (msg instanceof BinaryWebSocketFrame) {
            inText = false;
        }
        if (valid) {
            ctx.fireChannelRead(msg);
            return;
        }
        failed = true;
        ReferenceCountUtil.release(msg);
        ProtocolErrors.closeOnly(ctx.channel(), WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), REASON);
    }

    private boolean check(io.netty.buffer.ByteBuf content, boolean last) {
        inText = !last;
        return utf8.update(content) && (!last || utf8.finish());
    }
}
