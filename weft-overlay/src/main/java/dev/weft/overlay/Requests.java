package dev.weft.overlay;

import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Requests waiting for their answer ({@code re}), each with a timeout. */
final class Requests {
    private record Pending(CompletableFuture<Envelope> future, Scheduler.Cancellable timer, String peerId) {
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private final Scheduler scheduler;

    Requests(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    CompletableFuture<Envelope> expect(String id, String peerId, long timeoutMs) {
        CompletableFuture<Envelope> f = new CompletableFuture<>();
        Scheduler.Cancellable t = scheduler.schedule(timeoutMs, () -> {
            if (pending.remove(id) != null) {
                f.completeExceptionally(new OverlayException(ErrorCode.NO_ROUTE,
                        "no answer from " + peerId + " within " + timeoutMs + " ms"));
            }
        });
        pending.put(id, new Pending(f, t, peerId));
        return f;
    }

    /** Completes the request {@code e.re()} if it was sent to {@code peerId}; false if none waits. */
    boolean answer(String peerId, Envelope e) {
        Pending p = pending.get(e.re());
        if (p == null || !p.peerId.equals(peerId)) {
            return false;
        }
        pending.remove(e.re());
        p.timer.cancel();
        p.future.complete(e);
        return true;
    }

    /** Fails every request sent to a peer whose link closed. */
    void linkLost(String peerId) {
        List<Pending> lost = new ArrayList<>();
        pending.entrySet().removeIf(en -> {
            if (!en.getValue().peerId.equals(peerId)) {
                return false;
            }
            lost.add(en.getValue());
            return true;
        });
        // completed after the removal: callbacks may send new requests
        for (Pending p : lost) {
            p.timer.cancel();
            p.future.completeExceptionally(new OverlayException(ErrorCode.ROUTE_BROKEN, "the link to " + peerId + " closed"));
        }
    }
}
