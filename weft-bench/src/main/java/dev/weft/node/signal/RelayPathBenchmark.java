package dev.weft.node.signal;

import dev.weft.node.ws.FrameBytes;
import dev.weft.protocol.ClientMessage;
import dev.weft.protocol.ClientMessageReader;
import dev.weft.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
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
 * The node's relay hot path without the sockets: a client frame as Netty hands it over (a pooled direct buffer,
 * as with epoll) → its bytes → {@link ClientMessageReader} reads the envelope → {@link RelayEncoder} writes the
 * outgoing frame into a pooled buffer → released (as the socket write would). Run with {@code -prof gc} to see
 * the allocation per message ({@code gc.alloc.rate.norm}). {@link #copyPerMessage} is the path as it was before
 * {@link FrameBytes} (a fresh array per frame), kept to show the difference.
 *
 * <pre>java -cp weft-bench/target/weft-bench.jar org.openjdk.jmh.Main RelayPathBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RelayPathBenchmark {
    /** Bytes of the client frame: 200 = an ICE candidate, 2048 = an SDP offer. */
    @Param({"200", "2048"})
    int size;

    private final ClientMessageReader reader = new ClientMessageReader();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf in;

    @Setup
    public void setup() {
        String head = "{\"type\":\"candidate\",\"to\":\"bob-1234\",\"payload\":{\"sid\":\"k2\",\"rsid\":null,\"c\":\"";
        String tail = "\"},\"ref\":\"c.17\"}";
        String frame = head + "a".repeat(Math.max(0, size - head.length() - tail.length())) + tail;
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        in = alloc.directBuffer(bytes.length);
        in.writeBytes(bytes);
    }

    @TearDown
    public void tearDown() {
        in.release();
    }

    @Benchmark
    public int relay() throws ProtocolException {
        return relayFrom(FrameBytes.copy(in));
    }

    @Benchmark
    public int copyPerMessage() throws ProtocolException {
        return relayFrom(ByteBufUtil.getBytes(in));
    }

    /** Only the envelope read, for the split of time and allocation between reading and writing. */
    @Benchmark
    public Object readEnvelope() throws ProtocolException {
        byte[] bytes = FrameBytes.copy(in);
        return reader.read(bytes, 0, in.readableBytes());
    }

    private int relayFrom(byte[] bytes) throws ProtocolException {
        ClientMessage.Relay m = (ClientMessage.Relay) reader.read(bytes, 0, in.readableBytes());
        ByteBuf out = RelayEncoder.encode(alloc, m.type(), "alice-5678", bytes, m.payloadOffset(), m.payloadLength());
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
