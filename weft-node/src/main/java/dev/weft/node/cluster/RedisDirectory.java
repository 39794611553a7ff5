package dev.weft.node.cluster;

import dev.weft.node.signal.PeerDirectory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's {@link PeerDirectory} on Redis, with Lettuce: one connection for commands, one for this
 * node's pub/sub channel. Ids are keys with this node's lease (claimed, renewed and released by the Lua
 * {@link Scripts}); a message for an id on another node is published on that node's channel by one script
 * that looks the owner up and publishes in the same step, so messages from one sender keep their order.
 *
 * <p>While Redis is unreachable {@link #available()} is false: claims answer UNAVAILABLE (the caller
 * registers locally), deliveries answer UNAVAILABLE at once. Lettuce reconnects by itself and re-subscribes;
 * the next renewal re-creates every local id Redis lost, and reports ids that another node took meanwhile.
 */
final class RedisDirectory implements PeerDirectory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisDirectory.class);
    private static final int RENEW_BATCH = 256;

    private record Held(String space, String id) {
    }

    private final ClusterSettings settings;
    private final String node;
    private final byte[] channel;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService timer;
    private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final Map<Held, String> held = new ConcurrentHashMap<>();
    private static final String ROUTE_SHA = Scripts.sha1(Scripts.ROUTE);
    private volatile StatefulRedisConnection<byte[], byte[]> commands;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private volatile boolean closed;

    RedisDirectory(ClusterSettings settings) {
        this.settings = settings;
        this.node = settings.nodeId();
        this.channel = RedisKeys.utf8(RedisKeys.channel(node));
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.redis());
        uri.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (!closed) {
                    log.info("cluster: connected to Redis {}", address);
                    timer.execute(RedisDirectory.this::renew);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!closed) {
                    log.warn("cluster: lost Redis; cross-node messages fail with CLUSTER_UNAVAILABLE until it is back");
                }
            }
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-cluster-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (retrying in the background while Redis is unreachable) and starts renewing leases. */
    void start() {
        connect();
        long every = Math.max(200, settings.lease().toMillis() / 3);
        timer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                commands = client.connect(ByteArrayCodec.INSTANCE);
            }
            if (pubsub == null) {
                StatefulRedisPubSubConnection<byte[], byte[]> ps = client.connectPubSub(ByteArrayCodec.INSTANCE);
                ps.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] ch, byte[] message) {
                        onMessage(message);
                    }
                });
                ps.sync().subscribe(channel);
                pubsub = ps;
            }
            log.info("cluster: node {} joined through {}", node, settings.redis());
        } catch (RuntimeException e) {
            log.warn("cluster: cannot reach Redis at {} ({}); retrying", settings.redis(), e.getMessage());
            timer.schedule(this::connect, 1, TimeUnit.SECONDS);
        }
    }

    String node() {
        return node;
    }

    int heldIds() {
        return held.size();
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean available() {
        StatefulRedisConnection<byte[], byte[]> c = commands;
        StatefulRedisPubSubConnection<byte[], byte[]> p = pubsub;
        return c != null && p != null && c.isOpen() && p.isOpen();
    }

    @Override
    public void inbox(String space, Inbox inbox) {
        inboxes.put(space, inbox);
    }

    @Override
    public CompletionStage<Claim> claim(String space, String id, String token) {
        String hash = RedisKeys.tokenHash(token);
        Held key = new Held(space, id);
        if (!available()) {
            held.put(key, hash);
            return CompletableFuture.completedFuture(Claim.UNAVAILABLE);
        }
        CompletableFuture<Claim> result = new CompletableFuture<>();
        RedisAsyncCommands<byte[], byte[]> redis = commands.async();
        redis.<byte[]>eval(Scripts.CLAIM, ScriptOutputType.VALUE, new byte[][] {RedisKeys.id(space, id)},
                        RedisKeys.utf8(node), RedisKeys.utf8(hash), RedisKeys.utf8(Long.toString(settings.lease().toMillis())))
                .whenComplete((previous, error) -> {
                    if (error != null) {
                        log.debug("cluster: claim of {} failed: {}", id, error.toString());
                        held.put(key, hash);
                        result.complete(Claim.UNAVAILABLE);
                        return;
                    }
                    if (previous == null) {
                        result.complete(Claim.TAKEN);
                        return;
                    }
                    held.put(key, hash);
                    String from = new String(previous, java.nio.charset.StandardCharsets.UTF_8);
                    if (!from.isEmpty() && !from.equals(node)) {
                        log.debug("cluster: took {} over from node {}", id, from);
                        publish(from, ParcelCodec.LOST, new Parcel(space, id, null, null, null, node));
                    }
                    result.complete(Claim.OK);
                });
        return result;
    }

    @Override
    public void release(String space, String id, String token) {
        String hash = RedisKeys.tokenHash(token);
        if (!held.remove(new Held(space, id), hash) || !available()) {
            return;
        }
        commands.async().eval(Scripts.RELEASE, ScriptOutputType.INTEGER, new byte[][] {RedisKeys.id(space, id)},
                RedisKeys.utf8(node), RedisKeys.utf8(hash));
    }

    @Override
    public CompletionStage<Delivery> deliver(String space, String to, String from, String ref, byte[] frame) {
        if (!available()) {
            return CompletableFuture.completedFuture(Delivery.UNAVAILABLE);
        }
        byte[] parcel = ParcelCodec.encode(ParcelCodec.DELIVER, new Parcel(space, to, from, ref, frame, node));
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        byte[][] keys = {RedisKeys.id(space, to)};
        // EVALSHA: the hot path sends the script's digest, not its body; a Redis that forgot the script (restart,
        // SCRIPT FLUSH) answers NOSCRIPT and the body is sent once with EVAL, which caches it again.
        commands.async().<Long>evalsha(ROUTE_SHA, ScriptOutputType.INTEGER, keys, parcel)
                .exceptionallyCompose(e -> e instanceof RedisNoScriptException
                        || e.getCause() instanceof RedisNoScriptException
                        ? commands.async().<Long>eval(Scripts.ROUTE, ScriptOutputType.INTEGER, keys, parcel)
                        : CompletableFuture.failedStage(e))
                .whenComplete((receivers, error) -> {
                    if (error != null) {
                        result.complete(Delivery.UNAVAILABLE);
                    } else {
                        result.complete(receivers != null && receivers > 0 ? Delivery.SENT : Delivery.ABSENT);
                    }
                });
        return result;
    }

    @Override
    public void bounce(Parcel parcel) {
        if (parcel.origin() != null && parcel.from() != null) {
            publish(parcel.origin(), ParcelCodec.BOUNCE, parcel);
        }
    }

    private void publish(String toNode, byte kind, Parcel parcel) {
        if (available()) {
            commands.async().publish(RedisKeys.utf8(RedisKeys.channel(toNode)), ParcelCodec.encode(kind, parcel));
        }
    }

    /** A message on this node's channel (Lettuce's pub/sub thread: one at a time, in publish order). */
    private void onMessage(byte[] message) {
        ParcelCodec.Message m = ParcelCodec.decode(message);
        if (m == null) {
            return;
        }
        Parcel p = m.parcel();
        Inbox inbox = p.space() == null ? null : inboxes.get(p.space());
        if (inbox == null) {
            return;
        }
        try {
            switch (m.kind()) {
                case ParcelCodec.DELIVER:
                    if (!inbox.deliver(p)) {
                        bounce(p);
                    }
                    break;
                case ParcelCodec.BOUNCE:
                    inbox.undeliverable(p);
                    break;
                case ParcelCodec.LOST:
                    held.remove(new Held(p.space(), p.to()));
                    inbox.lost(p.to());
                    break;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            log.warn("cluster: failed to handle a parcel for {}: {}", p.to(), e.toString());
        }
    }

    /** Renews every local id's lease in batches; ids another node holds now are given up locally. */
    private void renew() {
        if (closed || !available() || held.isEmpty()) {
            return;
        }
        List<Map.Entry<Held, String>> all = new ArrayList<>(held.entrySet());
        for (int from = 0; from < all.size(); from += RENEW_BATCH) {
            List<Map.Entry<Held, String>> batch = all.subList(from, Math.min(all.size(), from + RENEW_BATCH));
            byte[][] keys = new byte[batch.size()][];
            byte[][] args = new byte[batch.size() + 2][];
            args[0] = RedisKeys.utf8(node);
            args[1] = RedisKeys.utf8(Long.toString(settings.lease().toMillis()));
            for (int i = 0; i < batch.size(); i++) {
                keys[i] = RedisKeys.id(batch.get(i).getKey().space(), batch.get(i).getKey().id());
                args[i + 2] = RedisKeys.utf8(batch.get(i).getValue());
            }
            commands.async().<List<Long>>eval(Scripts.RENEW, ScriptOutputType.MULTI, keys, args)
                    .whenComplete((lost, error) -> {
                        if (error != null) {
                            log.debug("cluster: lease renewal failed: {}", error.toString());
                            return;
                        }
                        for (Long index : lost) {
                            Map.Entry<Held, String> e = batch.get(index.intValue() - 1);
                            if (held.remove(e.getKey(), e.getValue())) {
                                log.warn("cluster: {} {} is held by another node now; dropping it here",
                                        e.getKey().space(), e.getKey().id());
                                Inbox inbox = inboxes.get(e.getKey().space());
                                if (inbox != null) {
                                    inbox.lost(e.getKey().id());
                                }
                            }
                        }
                    });
        }
    }

    /** A clean stop frees this node's ids at once (waits up to 2 s), instead of letting their leases run out. */
    private void releaseAll() {
        if (!available() || held.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Map.Entry<Held, String> e : held.entrySet()) {
            pending.add(commands.async().eval(Scripts.RELEASE, ScriptOutputType.INTEGER,
                    new byte[][] {RedisKeys.id(e.getKey().space(), e.getKey().id())},
                    RedisKeys.utf8(node), RedisKeys.utf8(e.getValue())).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.SECONDS);
            log.info("cluster: released {} ids of node {}", pending.size(), node);
        } catch (Exception e) {
            log.warn("cluster: could not release every id before stopping ({}); they expire with their lease",
                    e.toString());
        }
        held.clear();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        releaseAll();
        try {
            if (pubsub != null) {
                pubsub.close();
            }
            if (commands != null) {
                commands.close();
            }
        } catch (RuntimeException e) {
            log.debug("cluster: closing connections: {}", e.toString());
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
