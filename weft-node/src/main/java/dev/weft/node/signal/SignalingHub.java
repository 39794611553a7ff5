package dev.weft.node.signal;

import dev.weft.protocol.ClientMessage;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.Ids;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.RelayEnvelope;
import dev.weft.node.ws.PendingFlushes;
import dev.weft.node.ws.ProtocolErrors;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native protocol's registry and router: which id is held by which socket, and delivery of relayed
 * signals by id. Thread-safe: every state change of an id happens inside one {@link ConcurrentHashMap}
 * operation on that id, so registration, reclaim, release and expiry cannot interleave badly.
 *
 * <p>Lifecycle of an id: registered (live session) → on a clean close or {@code leave}: released at once and
 * its contacts get {@code peer-left}; on an abnormal close (no close frame, heartbeat timeout): detached and
 * held for {@code reclaimGrace}, during which the same token can reclaim it (messages to it are queued, up to
 * a bound) and any other token gets {@code ID_TAKEN}; when the grace ends it is released.
 */
public final class SignalingHub implements PeerDirectory.Inbox {
    /** The native protocol's id space in the {@link PeerDirectory}. */
    public static final String SPACE = "ws";
    private static final Logger log = LoggerFactory.getLogger(SignalingHub.class);

    private final ConcurrentHashMap<String, Registration> byId = new ConcurrentHashMap<>();
    private final Duration reclaimGrace;
    private final long heartbeatMillis;
    private volatile PeerDirectory directory = PeerDirectory.LOCAL;

    public SignalingHub(Duration reclaimGrace, Duration heartbeatInterval) {
        this.reclaimGrace = reclaimGrace;
        this.heartbeatMillis = heartbeatInterval.toMillis();
    }

    /** Where ids are shared with other nodes; {@link PeerDirectory#LOCAL} unless a cluster is configured. */
    public PeerDirectory directory() {
        return directory;
    }

    /** Installs the cluster's directory; called by the cluster feature before the node serves. */
    public void useDirectory(PeerDirectory d) {
        directory = d;
        d.inbox(SPACE, this);
    }

    /** Number of ids held (live or reserved for reclaim). */
    public int size() {
        return byId.size();
    }

    /** Whether {@code id} is held by a live socket on this node. */
    public boolean isOnline(String id) {
        Registration r = byId.get(id);
        return r != null && r.session() != null;
    }

    /** Handles {@code register}. Replies {@code registered} or throws ID_TAKEN / ALREADY_REGISTERED. */
    void register(NativeSession s, ClientMessage.Register m) throws ProtocolException {
        if (s.registration != null || s.registering) {
            throw new ProtocolException(ErrorCode.ALREADY_REGISTERED,
                    "this socket is already registered" + (s.id() == null ? "" : " as " + s.id()), m.ref());
        }
        String token = m.token() != null ? m.token() : Ids.newToken();
        // In cluster mode a new id is held detached (messages to it queue) until the cluster-wide claim answers.
        NativeSession attachNow = directory.shared() ? null : s;
        Registration reg;
        NativeSession replaced = null;
        List<byte[]> backlog = List.of();
        if (m.id() == null) {
            do {
                reg = new Registration(Ids.newId(), token, attachNow);
            } while (byId.putIfAbsent(reg.id, reg) != null);
            if (attachNow == null) {
                claimThenAttach(s, reg, m.ref());
                return;
            }
        } else {
            Registration fresh = new Registration(m.id(), token, attachNow);
            Registration held = byId.putIfAbsent(m.id(), fresh);
            if (held == null) {
                reg = fresh;
                if (attachNow == null) {
                    claimThenAttach(s, reg, m.ref());
                    return;
                }
            } else {
                // Reclaim: only with the same token; attach inside the map's lock for this id.
                Object[] out = new Object[2];
                Registration now = byId.computeIfPresent(m.id(), (k, r) -> {
                    if (!sameToken(r.token, token) || r.isDead()) {
                        return r;
                    }
                    out[0] = r.session();
                    out[1] = r.attach(s);
                    return r;
                });
                if (now == null || out[1] == null) {
                    throw new ProtocolException(ErrorCode.ID_TAKEN,
                            "the id " + m.id() + " is taken by another client; pick another id", m.ref());
                }
                reg = now;
                replaced = (NativeSession) out[0];
                @SuppressWarnings("unchecked")
                List<byte[]> queued = (List<byte[]>) out[1];
                backlog = queued;
            }
        }
        registered(s, reg, backlog);
        if (replaced != null && replaced != s) {
            log.debug("id {} reclaimed by a new connection {}", reg.id, s.channel.remoteAddress());
            replaced.registration = null;
            ProtocolErrors.closeWith(replaced.channel, ErrorCode.REPLACED, "a newer connection reclaimed " + reg.id);
        }
    }

    private void registered(NativeSession s, Registration reg, List<byte[]> backlog) {
        s.registration = reg;
        s.send(ServerMessages.registered(reg.id, reg.token, heartbeatMillis));
        for (byte[] frame : backlog) {
            s.send(frame);
        }
        log.debug("registered {} from {}", reg.id, s.channel.remoteAddress());
    }

    /**
     * Cluster mode: claims a new id cluster-wide, then attaches the socket (or answers ID_TAKEN). If the
     * cluster is unreachable the id is registered here alone; the directory re-asserts it when Redis is back.
     */
    private void claimThenAttach(NativeSession s, Registration reg, String ref) {
        s.registering = true;
        PeerDirectory dir = directory;
        dir.claim(SPACE, reg.id, reg.token).whenComplete((claim, error) -> s.channel.eventLoop().execute(() -> {
            s.registering = false;
            Object[] out = new Object[1];
            if (claim != PeerDirectory.Claim.TAKEN && s.channel.isActive()) {
                byId.computeIfPresent(reg.id, (k, r) -> {
                    if (r == reg && r.session() == null && !r.isDead()) {
                        out[0] = r.attach(s);
                    }
                    return r;
                });
            }
            if (out[0] == null) {
                // Drop the pending id unless another socket reclaimed it with the token meanwhile.
                boolean[] dropped = {false};
                byId.computeIfPresent(reg.id, (k, r) -> {
                    if (r == reg && r.session() == null) {
                        r.kill();
                        dropped[0] = true;
                        return null;
                    }
                    return r;
                });
                if (dropped[0] && claim != PeerDirectory.Claim.TAKEN) {
                    dir.release(SPACE, reg.id, reg.token);
                }
                ProtocolErrors.reply(s.channel, new ProtocolException(ErrorCode.ID_TAKEN,
                        "the id " + reg.id + " is taken by another client; pick another id", ref), null);
                return;
            }
            @SuppressWarnings("unchecked")
            List<byte[]> backlog = (List<byte[]>) out[0];
            registered(s, reg, backlog);
        }));
    }

    /**
     * Relays one signal from {@code from} to {@code m.to()}: builds the outgoing frame (payload bytes copied
     * verbatim) and writes it to the target's socket.
     *
     * @throws ProtocolException PEER_UNAVAILABLE when the target is not online or not keeping up
     */
    void relay(NativeSession from, RelayEnvelope m) throws ProtocolException {
        byte[] frame = m.frame();
        Registration sender = from.registration;
        Registration target = byId.get(m.to());
        if (target == null && directory.shared()) {
            relayRemote(from, sender, m, frame);
            return;
        }
        if (target == null || target == sender) {
            throw unavailable(m, target == null ? " is not online" : " is yourself");
        }
        NativeSession dst;
        try {
            dst = target.targetOrQueue(null);
        } catch (Registration.Unavailable e) {
            dst = null;
        }
        if (dst != null) {
            if (!dst.channel.isWritable()) {
                throw unavailable(m, " is not reading its messages");
            }
            ByteBuf out = RelayEncoder.encode(dst.channel.alloc(), m.type(), sender.id, frame,
                    m.payloadOffset(), m.payloadLength());
            PendingFlushes.current().write(dst.channel, out); // a whole WebSocket frame (RelayEncoder)
        } else {
            // Detached target: queue a copy for its reclaim, or fail when it is gone or full.
            byte[] copy = ServerMessages.relay(m.type(), sender.id, frame, m.payloadOffset(), m.payloadLength());
            try {
                target.targetOrQueue(copy);
            } catch (Registration.Unavailable e) {
                throw unavailable(m, " is not online");
            }
        }
        sender.addContact(target.id);
        target.addContact(sender.id);
    }

    /** Cluster mode: the target is not here; the directory hands the frame to the node that holds it. */
    private void relayRemote(NativeSession from, Registration sender, RelayEnvelope m, byte[] frame)
            throws ProtocolException {
        PeerDirectory dir = directory;
        if (!dir.available()) {
            throw new ProtocolException(ErrorCode.CLUSTER_UNAVAILABLE, "the cluster is unreachable from this node, so "
                    + m.to() + " cannot be looked up; try again shortly", m.ref());
        }
        String to = m.to();
        String ref = m.ref();
        byte[] out = ServerMessages.relay(m.type(), sender.id, frame, m.payloadOffset(), m.payloadLength());
        dir.deliver(SPACE, to, sender.id, ref, out).whenComplete((d, e) -> {
            if (d == PeerDirectory.Delivery.SENT) {
                sender.addContact(to);
            } else if (d == PeerDirectory.Delivery.ABSENT) {
                ProtocolErrors.reply(from.channel, new ProtocolException(ErrorCode.PEER_UNAVAILABLE,
                        to + " is not online", ref), to);
            } else {
                ProtocolErrors.reply(from.channel, new ProtocolException(ErrorCode.CLUSTER_UNAVAILABLE,
                        "the cluster is unreachable from this node; try again shortly", ref), to);
            }
        });
    }

    private static ProtocolException unavailable(RelayEnvelope m, String why) {
        return new ProtocolException(ErrorCode.PEER_UNAVAILABLE, m.to() + why, m.ref());
    }

    /** The socket closed. Releases its id now after a clean goodbye, else holds it for the reclaim grace. */
    void closed(NativeSession s, EventExecutor timer) {
        Registration reg = s.registration;
        if (reg == null) {
            return;
        }
        s.registration = null;
        if (s.cleanClose || reclaimGrace.isZero()) {
            release(reg, s);
            return;
        }
        boolean[] detached = {false};
        byId.computeIfPresent(reg.id, (k, r) -> {
            if (r == reg && r.session() == s) {
                r.detach(timer.schedule(() -> expire(reg), reclaimGrace.toMillis(), TimeUnit.MILLISECONDS));
                detached[0] = true;
            }
            return r;
        });
        if (detached[0]) {
            log.debug("{} lost its socket; held {} ms for reclaim", reg.id, reclaimGrace.toMillis());
        }
    }

    private void release(Registration reg, NativeSession s) {
        boolean[] removed = {false};
        byId.computeIfPresent(reg.id, (k, r) -> {
            if (r == reg && r.session() == s) {
                r.kill();
                removed[0] = true;
                return null;
            }
            return r;
        });
        if (removed[0]) {
            log.debug("released {}", reg.id);
            directory.release(SPACE, reg.id, reg.token);
            notifyLeft(reg);
        }
    }

    private void expire(Registration reg) {
        boolean[] removed = {false};
        byId.computeIfPresent(reg.id, (k, r) -> {
            if (r == reg && r.session() == null) {
                r.kill();
                removed[0] = true;
                return null;
            }
            return r;
        });
        if (removed[0]) {
            log.debug("reclaim grace of {} ended; released", reg.id);
            directory.release(SPACE, reg.id, reg.token);
            notifyLeft(reg);
        }
    }

    private void notifyLeft(Registration gone) {
        byte[] frame = null;
        for (String contact : gone.contacts()) {
            Registration r = byId.get(contact);
            NativeSession live = r == null ? null : r.session();
            if (frame == null) {
                frame = ServerMessages.peerLeft(gone.id);
            }
            if (live != null) {
                live.send(frame);
            } else if (r == null && directory.shared()) {
                directory.deliver(SPACE, contact, null, null, frame);
            }
        }
    }

    // Parcels from other nodes (cluster mode), called on the directory's thread.

    @Override
    public boolean deliver(PeerDirectory.Parcel parcel) {
        Registration r = byId.get(parcel.to());
        if (r == null) {
            return false;
        }
        NativeSession live;
        try {
            live = r.targetOrQueue(parcel.frame());
        } catch (Registration.Unavailable e) {
            return false;
        }
        if (live != null) {
            if (!live.channel.isWritable()) {
                return false;
            }
            live.send(parcel.frame());
        }
        if (parcel.from() != null) {
            r.addContact(parcel.from());
        }
        return true;
    }

    @Override
    public void undeliverable(PeerDirectory.Parcel parcel) {
        Registration sender = byId.get(parcel.from());
        NativeSession live = sender == null ? null : sender.session();
        if (live != null) {
            ProtocolErrors.reply(live.channel, new ProtocolException(ErrorCode.PEER_UNAVAILABLE,
                    parcel.to() + " is not online", parcel.ref()), parcel.to());
        }
    }

    @Override
    public void lost(String id) {
        Registration[] gone = {null};
        NativeSession[] live = {null};
        byId.computeIfPresent(id, (k, r) -> {
            gone[0] = r;
            live[0] = r.session();
            r.kill();
            return null;
        });
        if (live[0] != null) {
            live[0].registration = null;
            ProtocolErrors.closeWith(live[0].channel, ErrorCode.REPLACED,
                    "a newer connection reclaimed " + id + " on another node");
        }
        if (gone[0] != null) {
            log.debug("{} moved to another node", id);
        }
    }

    private static boolean sameToken(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
