package dev.weft.client;

import dev.weft.overlay.Identity;
import dev.weft.overlay.Overlay;
import dev.weft.overlay.OverlayConfig;
import dev.weft.overlay.OverlayException;
import dev.weft.overlay.PeerInfo;
import dev.weft.overlay.PeerKind;
import dev.weft.protocol.ErrorCode;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Java program as a peer of the Weft network (docs/overlay.md). It links to nodes over WebSocket (a Java
 * peer has no WebRTC), is a member of groups through them, broadcasts and receives:
 *
 * <pre>{@code
 * WeftNetwork net = WeftNetwork.join(List.of("ws://127.0.0.1:8080/overlay")).get();
 * WeftGroup room = net.group("room").get();
 * room.onMessage(m -> System.out.println(m.from() + ": " + m.payload()));
 * room.broadcast("chat", TextNode.valueOf("hello")).get();
 * net.close();
 * }</pre>
 *
 * <p>Threading: the overlay runs on one daemon thread of its own; every method is thread-safe and returns at
 * once; listeners run on that thread and must not block.
 */
public final class WeftNetwork implements AutoCloseable {
    private final ScheduledExecutorService thread;
    private final Overlay overlay;
    final Listeners listeners = new Listeners();

    private WeftNetwork(List<String> bootstrap, Identity identity) {
        String id = identity.id();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-client-" + id);
            t.setDaemon(true);
            return t;
        });
        Overlay[] holder = new Overlay[1];
        overlay = new Overlay(OverlayConfig.forPeer(identity, PeerKind.CLIENT, null, bootstrap),
                new ExecutorScheduler(thread), new WebSocketDialer(thread, () -> holder[0]), new SecureRandom(),
                listeners);
        holder[0] = overlay;
    }

    /** Joins the network through the first reachable of {@code bootstrap} (node overlay URLs), with a fresh key. */
    public static CompletableFuture<WeftNetwork> join(List<String> bootstrap) {
        return join(bootstrap, Identity.generate());
    }

    /**
     * Joins with a given key pair (its id is the key's: docs/overlay.md "Identity"); keep it, e.g. with
     * {@link Identity#toPem()} / {@link Identity#fromPem}, to keep the id across runs.
     */
    public static CompletableFuture<WeftNetwork> join(List<String> bootstrap, Identity identity) {
        if (bootstrap.isEmpty() || identity == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("need a bootstrap URL and an identity"));
        }
        WeftNetwork net = new WeftNetwork(bootstrap, identity);
        CompletableFuture<WeftNetwork> ready = new CompletableFuture<>();
        net.thread.execute(() -> {
            net.overlay.start();
            net.waitLinked(ready, 100);
        });
        return ready;
    }

    private void waitLinked(CompletableFuture<WeftNetwork> ready, int triesLeft) {
        if (!overlay.linkedPeers().isEmpty()) {
            ready.complete(this);
        } else if (triesLeft == 0) {
            close();
            ready.completeExceptionally(new OverlayException(ErrorCode.NO_ROUTE, "no bootstrap node could be reached"));
        } else {
            thread.schedule(() -> waitLinked(ready, triesLeft - 1), 100, TimeUnit.MILLISECONDS);
        }
    }

    public String id() {
        return overlay.self().id();
    }

    /** Joins (or creates) a group; completes once this program is a member. */
    public CompletableFuture<WeftGroup> group(String name) {
        return this.<CompletableFuture<Void>>call(o -> o.join(name)).thenCompose(f -> f)
                .thenApply(x -> new WeftGroup(this, name));
    }

    /** The ids of the linked peers (nodes). */
    public CompletableFuture<List<String>> links() {
        return call(o -> o.linkedPeers().stream().map(PeerInfo::id).toList());
    }

    interface OverlayCall<T> {
        T apply(Overlay o) throws Exception;
    }

    <T> CompletableFuture<T> call(OverlayCall<T> fn) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(fn.apply(overlay));
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the network is closed"));
        }
        return f;
    }

    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(overlay::close);
        thread.schedule(thread::shutdown, 200, TimeUnit.MILLISECONDS);
    }
}
