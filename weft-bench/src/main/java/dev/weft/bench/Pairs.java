package dev.weft.bench;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * N registered pairs of clients, both ends of a pair on the same event loop (so a message received by one end
 * can trigger the other's next send without a thread hop). Ids carry a per-run prefix, so runs never collide
 * with ids a server still holds from the previous run.
 */
final class Pairs {
    final List<Conn> all = new ArrayList<>();
    final Map<EventLoop, List<Conn>> byLoop = new IdentityHashMap<>();

    static Pairs open(Clients clients, TargetOptions target, int pairs, Protocol.Kind kind, int size,
                      Conn.Listener listener) throws Exception {
        Pairs p = new Pairs();
        String run = Long.toString(System.nanoTime() & 0xffffffffL, 36);
        Map<EventLoop, Conn.Batch> batches = new IdentityHashMap<>();
        List<CompletableFuture<Conn>> pending = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            EventLoop loop = clients.loop();
            Conn.Batch batch = batches.computeIfAbsent(loop, l -> new Conn.Batch());
            Conn a = new Conn("r" + run + "a" + i, target.protocol, listener);
            Conn b = new Conn("r" + run + "b" + i, target.protocol, listener);
            a.partner = b;
            b.partner = a;
            boolean self = target.protocol.selfPartner();
            a.payload = Payload.build(target.protocol, kind, self ? a.id : b.id, size);
            b.payload = Payload.build(target.protocol, kind, self ? b.id : a.id, size);
            a.batch = batch;
            b.batch = batch;
            for (Conn c : new Conn[] {a, b}) {
                p.all.add(c);
                p.byLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(c);
            }
            pending.add(clients.connect(target.url(0), a, loop));
            pending.add(clients.connect(target.url(1), b, loop));
            if (pending.size() >= 200) {
                await(pending);
            }
        }
        await(pending);
        return p;
    }

    private static void await(List<CompletableFuture<Conn>> pending) throws Exception {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pending.clear();
    }

    /** Says goodbye with a close frame (so ids are released at once) and waits for the sockets to close. */
    void close() {
        closeAll(all);
    }

    static void closeAll(List<Conn> conns) {
        List<io.netty.channel.ChannelFuture> closed = new ArrayList<>();
        for (Conn c : conns) {
            if (c.channel != null) {
                c.channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
                closed.add(c.channel.closeFuture());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (io.netty.channel.ChannelFuture f : closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
                f.channel().close();
            }
        }
    }
}
