package dev.weft.node.signal;

import dev.weft.node.ws.FrameBytes;
import dev.weft.protocol.ClientMessage;
import dev.weft.protocol.ClientMessageReader;
import dev.weft.protocol.EnvelopeScanner;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.RelayEnvelope;
import dev.weft.protocol.RelayType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * as with epoll) → its bytes ({@link FrameBytes}) → the envelope read by {@link EnvelopeScanner} → {@link
 * RelayEncoder} writes the outgoing frame into a pooled buffer → released (as the socket write would). Run with
 * {@code -prof gc} to see the allocation per message ({@code gc.alloc.rate.norm}). The {@code ...WithReader}
 * variants read the envelope with {@link ClientMessageReader} (Jackson), the path before the scanner, which the
 * node still takes for every other message. The benchmark threads are Netty threads ({@link
 * dev.weft.bench.jmh.EventLoopThreads}), as the node's event loops are: on a plain thread Netty 4.2 neither
 * caches pooled buffers nor recycles their wrappers, which would show allocations the node does not make.
 *
 * <pre>java -cp weft-bench/target/weft-bench.jar org.openjdk.jmh.Main RelayPathBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.weft.bench.jmh.EventLoopThreads"})
public class RelayPathBenchmark {
    /** Bytes of the client frame: 200 = an ICE candidate, 2048 = an SDP offer. */
    @Param({"200", "2048"})
    int size;

    private final ClientMessageReader reader = new ClientMessageReader();
    private final EnvelopeScanner scanner = new EnvelopeScanner();
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
    public int relay() {
        byte[] bytes = FrameBytes.copy(in);
        RelayEnvelope m = scanner.scanRelay(bytes, 0, in.readableBytes());
        return encode(m.type(), m.frame(), m.payloadOffset(), m.payloadLength());
    }

    /** The path before {@link EnvelopeScanner}: the same, with the envelope read by Jackson. */
    @Benchmark
    public int relayWithReader() throws ProtocolException {
        byte[] bytes = FrameBytes.copy(in);
        ClientMessage.Relay m = (ClientMessage.Relay) reader.read(bytes, 0, in.readableBytes());
        return encode(m.type(), bytes, m.payloadOffset(), m.payloadLength());
    }

    /** Only the envelope read, for the split of time and allocation between reading and writing. */
    @Benchmark
    public Object readEnvelope() {
        byte[] bytes = FrameBytes.copy(in);
        return scanner.scanRelay(bytes, 0, in.readableBytes());
    }

    @Benchmark
    public Object readEnvelopeWithReader() throws ProtocolException {
        byte[] bytes = FrameBytes.copy(in);
        return reader.read(bytes, 0, in.readableBytes());
    }

    private int encode(RelayType type, byte[] frame, int payloadOffset, int payloadLength) {
        ByteBuf out = RelayEncoder.encode(alloc, type, "alice-5678", frame, payloadOffset, payloadLength);
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
