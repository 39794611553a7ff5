package dev.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.lobby.LobbyChange;
import dev.weft.node.lobby.LobbyEntry;
import dev.weft.node.lobby.LobbyFilter;
import dev.weft.node.lobby.LobbyStore;
import dev.weft.node.lobby.LobbyUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lobby shared by every node of a cluster, in Redis ({@link LobbyScripts}; docs/cluster.md). Each
 * operation is one script, so limits, ownership checks and the compare-and-set hold across nodes. Changes reach
 * this node's listeners from the {@code weft:lobby:changes} channel, in Redis's order, on one dispatch thread;
 * {@link #withSnapshot} lists under the dispatch lock and first dispatches the changes the list already
 * contains, so a watcher gets its snapshot and then exactly the later changes.
 *
 * <p>Operations wait at most {@link #CALL_TIMEOUT}; while Redis is unreachable they fail at once with
 * {@link LobbyUnavailableException} (Lettuce rejects commands while disconnected), except {@link #expire} and
 * {@link #size}, which only report nothing. Lettuce reconnects by itself.
 */
public final class RedisLobbyStore implements LobbyStore {
    /** How much longer than its TTL an entry's key lives in Redis: frees a lobby no node sweeps any more. */
    static final long BACKSTOP_MS = 10_000;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final String CHANNEL = "weft:lobby:changes";
    private static final Logger log = LoggerFactory.getLogger(RedisLobbyStore.class);

    private record Numbered(long seq, LobbyChange change) {
    }

    private final ClusterSettings settings;
    private final ObjectMapper json;
    private final LongSupplier clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService dispatcher;
    private final List<Consumer<LobbyChange>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Numbered> inbound = new LinkedBlockingQueue<>();
    private final Object dispatchLock = new Object();
    private long dispatched;
    private volatile int lastSize;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean closed;

    public RedisLobbyStore(ClusterSettings settings, ObjectMapper json, LongSupplier clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.redis());
        uri.setTimeout(CALL_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CALL_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(CALL_TIMEOUT))
                .build());
        this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-lobby-" + settings.nodeId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects, retrying every second in the background while Redis is unreachable. */
    public RedisLobbyStore start() {
        connect();
        return this;
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                commands = client.connect(StringCodec.UTF8);
            }
            if (pubsub == null) {
                StatefulRedisPubSubConnection<String, String> ps = client.connectPubSub(StringCodec.UTF8);
                ps.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        onChange(message);
                    }
                });
                ps.sync().subscribe(CHANNEL);
                synchronized (dispatchLock) {
                    String seq = commands.sync().get("weft:lobby:seq");
                    dispatched = seq == null ? 0 : Long.parseLong(seq);
                }
                pubsub = ps;
            }
        } catch (RuntimeException e) {
            log.warn("lobby: cannot reach Redis at {} ({}); retrying", settings.redis(), e.getMessage());
            dispatcher.schedule(this::connect, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public InsertResult insert(LobbyEntry entry, int maxPerHost, int maxTotal) {
        long now = clock.getAsLong();
        Long r = call(c -> c.<Long>eval(LobbyScripts.INSERT, ScriptOutputType.INTEGER, new String[0],
                entry.id(), entry.host(), encode(entry), Long.toString(entry.expiresAt()), px(entry, now),
                Integer.toString(maxPerHost), Integer.toString(maxTotal), Long.toString(now)));
        return r == 0 ? InsertResult.INSERTED : r == 1 ? InsertResult.HOST_LIMIT : InsertResult.STORE_FULL;
    }

    @Override
    public Optional<LobbyEntry> get(String id) {
        String v = call(c -> c.get("weft:lobby:e:" + id));
        LobbyEntry e = v == null ? null : decode(v);
        return e == null || e.expiresAt() <= clock.getAsLong() ? Optional.empty() : Optional.of(e);
    }

    @Override
    public boolean replace(LobbyEntry expected, LobbyEntry updated) {
        long now = clock.getAsLong();
        Long r = call(c -> c.<Long>eval(LobbyScripts.REPLACE, ScriptOutputType.INTEGER, new String[0],
                updated.id(), Long.toString(expected.version()), encode(updated), Long.toString(updated.expiresAt()),
                px(updated, now), Long.toString(now), sameContent(expected, updated) ? "0" : "1"));
        return r == 1;
    }

    @Override
    public Optional<LobbyEntry> remove(String id, String reason) {
        String v = call(c -> c.<String>eval(LobbyScripts.REMOVE, ScriptOutputType.VALUE, new String[0],
                id, reason, Long.toString(clock.getAsLong())));
        return Optional.ofNullable(v == null ? null : decode(v));
    }

    @Override
    public List<LobbyEntry> expire(long nowMillis) {
        try {
            List<String> removed = call(c -> c.<List<String>>eval(LobbyScripts.EXPIRE, ScriptOutputType.MULTI,
                    new String[0], Long.toString(nowMillis)));
            return decodeAll(removed, 0);
        } catch (LobbyUnavailableException e) {
            return List.of();
        }
    }

    @Override
    public List<LobbyEntry> list(LobbyFilter filter) {
        return filtered(listWithSeq(), filter);
    }

    @Override
    public int size() {
        try {
            lastSize = call(c -> c.zcard("weft:lobby:exp")).intValue();
        } catch (LobbyUnavailableException e) {
            log.debug("lobby: size unknown while Redis is unreachable");
        }
        return lastSize;
    }

    @Override
    public void withSnapshot(LobbyFilter filter, Consumer<List<LobbyEntry>> action) {
        synchronized (dispatchLock) {
            List<String> raw = listWithSeq();
            long seq = Long.parseLong(raw.get(0));
            // The changes up to seq are in the list; let the current listeners hear those still on their way.
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            try {
                while (dispatched < seq) {
                    Numbered n = inbound.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (n == null) {
                        log.debug("lobby: changes up to {} did not arrive; the snapshot goes out anyway", seq);
                        break;
                    }
                    fire(n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            action.accept(filtered(raw, filter));
        }
        dispatcher.execute(this::drain);
    }

    @Override
    public void listen(Consumer<LobbyChange> listener) {
        listeners.add(listener);
    }

    private List<String> listWithSeq() {
        return call(c -> c.<List<String>>eval(LobbyScripts.LIST, ScriptOutputType.MULTI, new String[0],
                Long.toString(clock.getAsLong())));
    }

    private List<LobbyEntry> filtered(List<String> raw, LobbyFilter filter) {
        List<LobbyEntry> out = new ArrayList<>();
        for (LobbyEntry e : decodeAll(raw, 1)) {
            if (filter.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** A message on the changes channel (Lettuce's I/O thread: only queue it, never block here). */
    private void onChange(String message) {
        String[] parts = message.split("\n", 5);
        if (closed || parts.length != 5) {
            return;
        }
        LobbyEntry entry = decode(parts[3]);
        if (entry == null) {
            return;
        }
        LobbyChange.Kind kind = switch (parts[1]) {
            case "added" -> LobbyChange.Kind.ADDED;
            case "updated" -> LobbyChange.Kind.UPDATED;
            default -> LobbyChange.Kind.REMOVED;
        };
        LobbyEntry before = parts[4].isEmpty() ? null : decode(parts[4]);
        inbound.add(new Numbered(Long.parseLong(parts[0]),
                new LobbyChange(kind, entry, before, parts[2].isEmpty() ? null : parts[2])));
        dispatcher.execute(this::drain);
    }

    private void drain() {
        synchronized (dispatchLock) {
            Numbered n;
            while ((n = inbound.poll()) != null) {
                fire(n);
            }
        }
    }

    private void fire(Numbered n) {
        dispatched = n.seq();
        for (Consumer<LobbyChange> l : listeners) {
            try {
                l.accept(n.change());
            } catch (RuntimeException e) {
                log.warn("lobby: a listener failed: {}", e.toString());
            }
        }
    }

    /** Runs one command and waits for it at most {@link #CALL_TIMEOUT}; any failure is "unavailable". */
    private <T> T call(java.util.function.Function<io.lettuce.core.api.async.RedisAsyncCommands<String, String>,
            RedisFuture<T>> command) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null || closed) {
            throw unavailable(null);
        }
        try {
            return command.apply(c.async()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private LobbyUnavailableException unavailable(Throwable cause) {
        return new LobbyUnavailableException("the lobby is shared through Redis, which is unreachable from this node"
                + " now; try again shortly", cause);
    }

    private static String px(LobbyEntry e, long now) {
        return Long.toString(Math.max(1, e.expiresAt() - now) + BACKSTOP_MS);
    }

    private static boolean sameContent(LobbyEntry a, LobbyEntry b) {
        return a.name().equals(b.name()) && a.map().equals(b.map()) && a.mode().equals(b.mode())
                && a.players() == b.players() && a.maxPlayers() == b.maxPlayers() && a.region().equals(b.region())
                && a.host().equals(b.host()) && java.util.Objects.equals(a.info(), b.info());
    }

    /** The stored form: the public JSON plus {@code expiresAt} and {@code version}. */
    private String encode(LobbyEntry e) {
        ObjectNode o = e.toJson(json.createObjectNode());
        o.put("expiresAt", e.expiresAt());
        o.put("version", e.version());
        return o.toString();
    }

    private LobbyEntry decode(String s) {
        try {
            JsonNode o = json.readTree(s);
            JsonNode info = o.get("info");
            return new LobbyEntry(o.get("id").asText(), o.get("name").asText(), o.get("map").asText(),
                    o.get("mode").asText(), o.get("players").asInt(), o.get("maxPlayers").asInt(),
                    o.get("region").asText(), o.get("host").asText(),
                    info != null && info.isObject() ? (ObjectNode) info : null, o.get("updated").asLong(),
                    o.get("expiresAt").asLong(), o.get("version").asLong());
        } catch (IOException | RuntimeException e) {
            log.warn("lobby: ignoring an unreadable entry in Redis: {}", e.toString());
            return null;
        }
    }

    private List<LobbyEntry> decodeAll(List<String> raw, int from) {
        List<LobbyEntry> out = new ArrayList<>();
        for (int i = from; i < raw.size(); i++) {
            LobbyEntry e = raw.get(i) == null ? null : decode(raw.get(i));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.shutdownNow();
        try {
            if (pubsub != null) {
                pubsub.close();
            }
            if (commands != null) {
                commands.close();
            }
        } catch (RuntimeException e) {
            log.debug("lobby: closing connections: {}", e.toString());
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
