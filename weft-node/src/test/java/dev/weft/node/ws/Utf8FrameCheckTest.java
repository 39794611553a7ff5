package dev.weft.node.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link Utf8FrameCheck} on frames: state kept across continuations, 1007 on the first bad byte, binary unchecked. */
class Utf8FrameCheckTest {
    private static ByteBuf hex(String h) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    private static void assertClosedWith1007(EmbeddedChannel ch) {
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) out;
        assertThat(close.statusCode()).isEqualTo(1007);
        assertThat(close.reasonText()).isEqualTo(Utf8FrameCheck.REASON);
        close.release();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aCodePointSplitAcrossContinuationsPasses() {
        EmbeddedChannel ch = new EmbeddedChannel(new Utf8FrameCheck());
        // U+1F600 = F0 9F 98 80, split after its first and third byte
        ch.writeInbound(new TextWebSocketFrame(false, 0, hex("41 f0")));
        ch.writeInbound(new PingWebSocketFrame(hex("ff"))); // a control frame in between is not part of the text
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, hex("9f 98")));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, hex("80 42")));
        for (int i = 0; i < 4; i++) {
            WebSocketFrame f = ch.readInbound();
            assertThat(f).isNotNull();
            f.release();
        }
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void aMessageEndingInsideACodePointCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new Utf8FrameCheck());
        ch.writeInbound(new TextWebSocketFrame(false, 0, hex("41 e2 82")));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, hex("41")));
        WebSocketFrame first = ch.readInbound();
        first.release();
        assertThat((Object) ch.readInbound()).isNull();
        assertClosedWith1007(ch);
    }

    @Test
    void aBadByteInTheFirstFragmentClosesAndLaterFramesAreDropped() {
        // holds the close frame's write, as a slow socket would, so frames still arrive before the close
        java.util.List<Object> held = new java.util.ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise p) {
                held.add(msg);
            }
        }, new Utf8FrameCheck());
        TextWebSocketFrame bad = new TextWebSocketFrame(false, 0, hex("7b c3 28"));
        ContinuationWebSocketFrame later = new ContinuationWebSocketFrame(true, 0, hex("7d"));
        ch.writeInbound(bad);
        ch.writeInbound(later);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(bad.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
        assertThat(held).hasSize(1);
        CloseWebSocketFrame close = (CloseWebSocketFrame) held.get(0);
        assertThat(close.statusCode()).isEqualTo(1007);
        close.release();
    }

    @Test
    void aTruncatedSingleFrameTextCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new Utf8FrameCheck());
        ch.writeInbound(new TextWebSocketFrame(hex("7b 22 61 22 3a 22 f0 9f 98")));
        assertThat((Object) ch.readInbound()).isNull();
        assertClosedWith1007(ch);
    }

    @Test
    void binaryMessagesAndTheirContinuationsAreNotChecked() {
        EmbeddedChannel ch = new EmbeddedChannel(new Utf8FrameCheck());
        ch.writeInbound(new BinaryWebSocketFrame(false, 0, hex("ff fe")));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, hex("c0 80")));
        // a text message after an unfinished bad one starts clean
        ch.writeInbound(new TextWebSocketFrame(hex("41")));
        for (int i = 0; i < 3; i++) {
            WebSocketFrame f = ch.readInbound();
            assertThat(f).isNotNull();
            f.release();
        }
        assertThat(ch.isActive()).isTrue();
    }
}
