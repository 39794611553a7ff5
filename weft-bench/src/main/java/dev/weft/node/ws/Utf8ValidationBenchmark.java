package dev.weft.node.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The node's UTF-8 check of an incoming text frame ({@link Utf8FrameCheck}) against Netty's
 * ({@link Utf8FrameValidator}), each as the only handler of an {@link EmbeddedChannel} fed a signaling frame in
 * a pooled direct buffer (as with epoll). The channel's own cost is the same for both; {@link #channelOnly}
 * measures it. {@code ascii} = a JSON candidate/offer that is all ASCII; {@code json-utf8} = the same with a
 * two-byte character every 64 bytes (non-ASCII names or SDP attributes).
 *
 * <pre>java -cp weft-bench/target/weft-bench.jar org.openjdk.jmh.Main Utf8ValidationBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Utf8ValidationBenchmark {
    @Param({"200", "2048"})
    int size;

    @Param({"ascii", "json-utf8"})
    String text;

    private ByteBuf frame;
    private EmbeddedChannel weft;
    private EmbeddedChannel netty;
    private EmbeddedChannel bare;

    @Setup
    public void setup() {
        String head = "{\"type\":\"candidate\",\"to\":\"bob-1234\",\"payload\":{\"sid\":\"k2\",\"c\":\"";
        String tail = "\"},\"ref\":\"c.17\"}";
        StringBuilder body = new StringBuilder();
        while ((head + body + tail).getBytes(StandardCharsets.UTF_8).length < size) {
            body.append(text.equals("ascii") || body.length() % 64 != 63 ? 'a' : 'é');
        }
        byte[] bytes = (head + body + tail).getBytes(StandardCharsets.UTF_8);
        frame = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        frame.writeBytes(bytes);
        weft = new EmbeddedChannel(new Utf8FrameCheck());
        netty = new EmbeddedChannel(new Utf8FrameValidator(true));
        bare = new EmbeddedChannel(new ChannelHandler[0]);
    }

    @TearDown
    public void tearDown() {
        frame.release();
        weft.finishAndReleaseAll();
        netty.finishAndReleaseAll();
        bare.finishAndReleaseAll();
    }

    private int pass(EmbeddedChannel ch) {
        ch.writeInbound(new TextWebSocketFrame(frame.retainedDuplicate()));
        TextWebSocketFrame out = ch.readInbound();
        int n = out.content().readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int weftUtf8FrameCheck() {
        return pass(weft);
    }

    @Benchmark
    public int nettyUtf8FrameValidator() {
        return pass(netty);
    }

    @Benchmark
    public int channelOnly() {
        return pass(bare);
    }
}
