package dev.weft.node.signal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where ids are registered beyond this node, and how a message reaches an id held by another node. Each
 * protocol keeps its own local registry (e.g. {@link SignalingHub}'s map) and asks the directory only for
 * what the local registry cannot answer: is the id free cluster-wide, and where is an id that is not here.
 *
 * <p>{@link #LOCAL} (the default, a single node) knows no other node: every claim succeeds and every remote
 * delivery finds nobody, so a node without a cluster behaves exactly as before. The Redis implementation
 * ({@code dev.weft.node.cluster}) keeps the ids in Redis under leases and routes by pub/sub.
 *
 * <p>Ids live in separate {@code space}s, one per protocol ({@code ws}, {@code peerjs}, {@code classic}).
 * Completion callbacks may run on any thread; callers hop to their channel's event loop where it matters.
 */
public interface PeerDirectory {
    /** The single-node directory. */
    PeerDirectory LOCAL = new LocalDirectory();

    /** Result of {@link #claim}. */
    enum Claim {
        /** The id is now held by this node (it was free, or held under the same token, here or elsewhere). */
        OK,
        /** Another client holds the id (a different token). */
        TAKEN,
        /** The shared registry cannot be reached; the caller decides (local-only registration). */
        UNAVAILABLE
    }

    /** Result of {@link #deliver}. */
    enum Delivery {
        /** Handed to the node that holds the target. */
        SENT,
        /** No node holds the target. */
        ABSENT,
        /** The shared registry cannot be reached. */
        UNAVAILABLE
    }

    /** A message between nodes: for {@code to} in {@code space}, from {@code from}, the frame to write. */
    record Parcel(String space, String to, String from, String ref, byte[] frame, String origin) {
    }

    /** What a protocol receives from other nodes for the ids it holds. */
    interface Inbox {
        /** A message for a local id. Return false if the id is not (or no longer) here. */
        boolean deliver(Parcel parcel);

        /** A parcel this node sent could not be delivered by the node that held the target. */
        default void undeliverable(Parcel parcel) {
        }

        /** Another node took over a local id with its token (a client reconnected there), or it clashed. */
        default void lost(String id) {
        }
    }

    /** True when ids are shared with other nodes (cluster mode). */
    boolean shared();

    /** True while the shared registry is reachable (always true for {@link #LOCAL}). */
    boolean available();

    /** Registers the receiver of {@code space}'s parcels. */
    void inbox(String space, Inbox inbox);

    /** Claims {@code id} for {@code token} on this node, taking it over from another node on the same token. */
    CompletionStage<Claim> claim(String space, String id, String token);

    /** Gives {@code id} up (only if this node still holds it for {@code token}). */
    void release(String space, String id, String token);

    /** Sends {@code frame} to the node holding {@code to}; {@code from}/{@code ref} come back if it cannot. */
    CompletionStage<Delivery> deliver(String space, String to, String from, String ref, byte[] frame);

    /** Tells the origin node of {@code parcel} that its target was not here after all. */
    void bounce(Parcel parcel);

    /** The single-node directory: nothing is shared. */
    final class LocalDirectory implements PeerDirectory {
        private static final CompletionStage<Claim> OK = CompletableFuture.completedFuture(Claim.OK);
        private static final CompletionStage<Delivery> ABSENT = CompletableFuture.completedFuture(Delivery.ABSENT);

        private LocalDirectory() {
        }

        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void inbox(String space, Inbox inbox) {
        }

        @Override
        public CompletionStage<Claim> claim(String space, String id, String token) {
            return OK;
        }

        @Override
        public void release(String space, String id, String token) {
        }

        @Override
        public CompletionStage<Delivery> deliver(String space, String to, String from, String ref, byte[] frame) {
            return ABSENT;
        }

        @Override
        public void bounce(Parcel parcel) {
        }
    }
}
