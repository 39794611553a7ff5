package dev.weft.node.peerjs;

import dev.weft.node.signal.PeerDirectory;
import dev.weft.protocol.peerjs.PeerJsFrames;
import dev.weft.protocol.peerjs.PeerJsIds;
import dev.weft.protocol.peerjs.PeerJsMessage;
import dev.weft.protocol.peerjs.PeerJsType;
import io.netty.util.concurrent.EventExecutor;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerServer 1.0.2's realm and message handler ({@code src/models/realm.ts}, {@code src/instance.ts},
 * {@code src/messageHandler}): ids with their tokens and sockets, forwarding by {@code dst} with {@code src}
 * set by the server, queues for destinations that are not connected, EXPIRE, the alive timeout and the
 * concurrent limit. In cluster mode the ids are claimed in the {@link PeerDirectory} (space {@value #SPACE})
 * and messages for ids on other nodes travel through it. Thread-safe.
 */
final class PeerJsHub implements PeerDirectory.Inbox {
    static final String SPACE = "peerjs";
    private static final Logger log = LoggerFactory.getLogger(PeerJsHub.class);

    private final PeerJsSettings settings;
    private final PeerDirectory directory;
    private final ConcurrentHashMap<String, PeerJsClient> clients = new ConcurrentHashMap<>();
    private final MessageQueues queues = new MessageQueues();
    private ScheduledFuture<?> sweeper;
    /** How the endpoint reads a frame (set by {@link PeerJsEndpoint}); used to replay early frames. */
    java.util.function.BiConsumer<PeerJsSession, byte[]> onFrame = (s, f) -> { };

    PeerJsHub(PeerJsSettings settings, PeerDirectory directory) {
        this.settings = settings;
        this.directory = directory;
        directory.inbox(SPACE, this);
    }

    /** Starts the expiry sweep ({@code cleanup_out_msgs}) on {@code timer}. */
    void start(EventExecutor timer) {
        long every = settings.cleanupInterval().toMillis();
        sweeper = timer.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    int size() {
        return clients.size();
    }

    List<String> ids() {
        return new ArrayList<>(clients.keySet());
    }

    int queuedDestinations() {
        return queues.size();
    }

    /** A socket opened with {@code ?key=&id=&token=} ({@code src/services/webSocketServer/index.ts}). */
    void connect(PeerJsSession s, String key, String id, String token) {
        if (isBlank(id) || isBlank(token) || isBlank(key)) {
            s.sendAndClose(PeerJsFrames.error(PeerJsFrames.INVALID_WS_PARAMETERS));
            return;
        }
        if (!key.equals(settings.key())) {
            s.sendAndClose(PeerJsFrames.error(PeerJsFrames.INVALID_KEY));
            return;
        }
        if (!PeerJsIds.isValid(id) || !PeerJsIds.isValid(token)) {
            s.sendAndClose(PeerJsFrames.error("Invalid id or token: use 1-" + PeerJsIds.MAX_LENGTH
                    + " printable ASCII characters"));
            return;
        }
        PeerJsClient existing = clients.get(id);
        if (existing != null) {
            rebind(s, existing, token);
            return;
        }
        if (clients.size() >= settings.concurrentLimit()) {
            s.sendAndClose(PeerJsFrames.error(PeerJsFrames.CONNECTION_LIMIT_EXCEED));
            return;
        }
        PeerJsClient fresh = new PeerJsClient(id, token, null, System.nanoTime());
        PeerJsClient raced = clients.putIfAbsent(id, fresh);
        if (raced != null) {
            rebind(s, raced, token);
            return;
        }
        s.early = new java.util.ArrayDeque<>();
        directory.claim(SPACE, id, token).whenComplete((claim, error) -> s.channel.eventLoop().execute(() -> {
            if (claim == PeerDirectory.Claim.TAKEN) {
                s.early = null;
                clients.remove(id, fresh);
                s.sendAndClose(PeerJsFrames.idTaken());
                return;
            }
            if (!s.channel.isActive()) {
                if (clients.remove(id, fresh)) {
                    directory.release(SPACE, id, token);
                }
                return;
            }
            fresh.session = s;
            s.client = fresh;
            s.send(PeerJsFrames.open());
            flush(fresh);
            watchAlive(s, fresh);
            java.util.ArrayDeque<byte[]> early = s.early;
            s.early = null;
            for (byte[] frame : early) {
                onFrame.accept(s, frame);
            }
            log.debug("peerjs open {} from {}", id, s.channel.remoteAddress());
        }));
    }

    /** The id is registered here: the same token moves it to the new socket, any other gets ID-TAKEN. */
    private void rebind(PeerJsSession s, PeerJsClient client, String token) {
        if (!sameToken(client.token, token)) {
            s.sendAndClose(PeerJsFrames.idTaken());
            return;
        }
        PeerJsSession old = client.session;
        client.session = s;
        client.lastPingNanos = System.nanoTime();
        s.client = client;
        // PeerServer re-binds silently; the node also says OPEN so a reconnecting client knows it is back.
        s.send(PeerJsFrames.open());
        if (old != null && old != s) {
            old.client = null;
            old.close();
        }
        flush(client);
        watchAlive(s, client);
    }

    /** A message from a registered socket. */
    void message(PeerJsSession s, PeerJsMessage m, byte[] frame) {
        PeerJsClient client = s.client;
        if (client == null || client.session != s) {
            return;
        }
        PeerJsType type = m.type();
        if (type == null) {
            log.debug("peerjs {} sent an unknown type {}; ignored as PeerServer does", client.id, m.typeText());
            return;
        }
        if (type == PeerJsType.HEARTBEAT) {
            client.lastPingNanos = System.nanoTime();
            return;
        }
        if (!type.relayed()) {
            s.send(PeerJsFrames.error("Invalid message: clients may not send " + type.wire()));
            return;
        }
        if (m.dst() == null) {
            if (type == PeerJsType.LEAVE) {
                // PeerServer: LEAVE without dst removes the client.
                release(client);
                s.close();
            }
            return;
        }
        byte[] out = PeerJsFrames.relay(type, client.id, m.dst(), frame, m.payloadOffset(), m.payloadLength());
        route(type, client.id, m.dst(), out);
    }

    /** Delivers a frame to {@code dst}: here, on another node, or into its queue. */
    private void route(PeerJsType type, String src, String dst, byte[] frame) {
        PeerJsClient target = clients.get(dst);
        PeerJsSession live = target == null ? null : target.session;
        if (live != null && !queues.has(dst)) {
            writeOrLeave(live, target, src, dst, frame);
            return;
        }
        if (target == null && directory.shared() && !queues.has(dst)) {
            directory.deliver(SPACE, dst, src, type.wire(), frame).whenComplete((d, e) -> {
                if (d != PeerDirectory.Delivery.SENT) {
                    enqueue(type, src, dst, frame);
                }
            });
            return;
        }
        enqueue(type, src, dst, frame);
    }

    private void enqueue(PeerJsType type, String src, String dst, byte[] frame) {
        if (!type.queuedWhenOffline()) {
            return;
        }
        if (!queues.add(new MessageQueues.Queued(src, dst, frame), System.nanoTime())) {
            sendTo(src, PeerJsFrames.notice(PeerJsType.EXPIRE, dst, src));
        }
        PeerJsClient now = clients.get(dst);
        if (now != null && now.session != null) {
            flush(now);
        }
    }

    /** PeerServer: if sending to dst fails, close its socket and tell the sender LEAVE. */
    private void writeOrLeave(PeerJsSession live, PeerJsClient target, String src, String dst, byte[] frame) {
        if (live.channel.isActive() && live.channel.isWritable()) {
            live.relay(frame);
            return;
        }
        log.debug("peerjs {} is not reading; closing it and telling {}", dst, src);
        live.close();
        release(target);
        sendTo(src, PeerJsFrames.notice(PeerJsType.LEAVE, dst, src));
    }

    private void sendTo(String id, byte[] frame) {
        PeerJsClient c = clients.get(id);
        PeerJsSession s = c == null ? null : c.session;
        if (s != null) {
            s.send(frame);
        } else if (directory.shared()) {
            directory.deliver(SPACE, id, null, null, frame);
        }
    }

    /** Hands everything queued for a client that just connected to its socket, in order. */
    private void flush(PeerJsClient client) {
        PeerJsSession s = client.session;
        if (s == null) {
            return;
        }
        for (MessageQueues.Queued m : queues.take(client.id)) {
            s.send(m.frame());
        }
    }

    /** Closes a client whose last HEARTBEAT is older than the alive timeout ({@code checkBrokenConnections}). */
    private void watchAlive(PeerJsSession s, PeerJsClient client) {
        long alive = settings.aliveTimeout().toNanos();
        long due = client.lastPingNanos + alive - System.nanoTime();
        s.channel.eventLoop().schedule(() -> {
            if (client.session != s || !s.channel.isActive()) {
                return;
            }
            if (System.nanoTime() - client.lastPingNanos >= alive) {
                log.debug("peerjs {} sent no HEARTBEAT for {} ms; closing", client.id, settings.aliveTimeout().toMillis());
                release(client);
                s.close();
            } else {
                watchAlive(s, client);
            }
        }, Math.max(due, 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The socket closed: its id is released if it was still bound to it. */
    void closed(PeerJsSession s) {
        PeerJsClient client = s.client;
        if (client != null && client.session == s) {
            release(client);
        }
    }

    private void release(PeerJsClient client) {
        if (clients.remove(client.id, client)) {
            client.session = null;
            directory.release(SPACE, client.id, client.token);
            log.debug("peerjs released {}", client.id);
        }
    }

    /** Expires old queues; in cluster mode first retries queued messages whose destination is elsewhere. */
    private void sweep() {
        try {
            if (directory.shared()) {
                for (String dst : queues.destinations()) {
                    if (!clients.containsKey(dst)) {
                        retryRemote(dst);
                    }
                }
            }
            long expire = settings.expireTimeout().toNanos();
            for (MessageQueues.Queued n : queues.expire(System.nanoTime(), expire)) {
                sendTo(n.src(), PeerJsFrames.notice(PeerJsType.EXPIRE, n.dst(), n.src()));
            }
        } catch (RuntimeException e) {
            log.warn("peerjs queue sweep failed: {}", e.toString());
        }
    }

    private void retryRemote(String dst) {
        MessageQueues.Taken waiting = queues.takeAll(dst);
        if (waiting == null || waiting.messages().isEmpty()) {
            return;
        }
        // Probe with the first message; if its node took it, send the rest in order on the same connection.
        MessageQueues.Queued first = waiting.messages().get(0);
        directory.deliver(SPACE, dst, first.src(), null, first.frame()).whenComplete((d, e) -> {
            if (d == PeerDirectory.Delivery.SENT) {
                for (int i = 1; i < waiting.messages().size(); i++) {
                    MessageQueues.Queued m = waiting.messages().get(i);
                    directory.deliver(SPACE, dst, m.src(), null, m.frame());
                }
            } else {
                queues.restore(waiting);
            }
        });
    }

    // Parcels from other nodes (cluster mode).

    @Override
    public boolean deliver(PeerDirectory.Parcel parcel) {
        PeerJsClient c = clients.get(parcel.to());
        PeerJsSession s = c == null ? null : c.session;
        if (s == null) {
            return false;
        }
        s.send(parcel.frame());
        return true;
    }

    @Override
    public void undeliverable(PeerDirectory.Parcel parcel) {
        PeerJsType type = PeerJsType.fromWire(parcel.ref());
        if (type != null && parcel.from() != null) {
            enqueue(type, parcel.from(), parcel.to(), parcel.frame());
        }
    }

    @Override
    public void lost(String id) {
        PeerJsClient c = clients.get(id);
        if (c != null && clients.remove(id, c)) {
            PeerJsSession s = c.session;
            c.session = null;
            if (s != null) {
                s.client = null;
                s.close();
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean sameToken(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
