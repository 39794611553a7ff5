package dev.weft.node.lobby;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.node.cluster.ClusterSettings;
import dev.weft.node.cluster.RedisLobbyStore;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;
import dev.weft.node.feature.SignalingExtension;
import dev.weft.node.http.HttpEndpoint;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The lobby (seed 004's master server) as a node feature: the {@code lobby-*} messages on {@code /ws},
 * {@code GET /api/lobby}, and the sweeper that expires entries without a heartbeat. Settings:
 * {@link LobbySettings} (defaults when the config has none). The store is in memory, or in Redis in cluster mode
 * (docs/cluster.md), unless another is given.
 */
public final class LobbyFeature implements NodeFeature {
    private final Supplier<LobbyStore> storeFactory;
    private Lobby lobby;
    private LobbySignaling signaling;
    private LobbyHttp http;
    private ScheduledFuture<?> sweeper;

    /** In memory on a single node; in Redis when the node runs in cluster mode ({@code --cluster}). */
    public LobbyFeature() {
        this(null);
    }

    /** With another store (e.g. a shared one for a cluster of nodes). */
    public LobbyFeature(Supplier<LobbyStore> storeFactory) {
        this.storeFactory = storeFactory;
    }

    @Override
    public void start(NodeContext context) {
        LobbySettings settings = context.config().extension(LobbySettings.class).orElse(LobbySettings.DEFAULTS);
        lobby = new Lobby(createStore(context), settings, System::currentTimeMillis, context.json());
        signaling = new LobbySignaling(lobby, context.json(), context.workers());
        http = new LobbyHttp(lobby, new LobbyMessages(context.json()));
        long every = settings.sweepEvery().toMillis();
        sweeper = context.workers().next().scheduleAtFixedRate(lobby::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private LobbyStore createStore(NodeContext context) {
        if (storeFactory != null) {
            return storeFactory.get();
        }
        return context.config().extension(ClusterSettings.class)
                .<LobbyStore>map(c -> new RedisLobbyStore(c, context.json(), System::currentTimeMillis).start())
                .orElseGet(InMemoryLobbyStore::new);
    }

    /** The running lobby (tests, admin tools). */
    public Lobby lobby() {
        return lobby;
    }

    @Override
    public Map<String, SignalingExtension> signalingTypes() {
        return signaling.types();
    }

    @Override
    public Map<String, HttpEndpoint> http() {
        return Map.of("/api/lobby", http);
    }

    @Override
    public void health(ObjectNode body) {
        body.put("lobbyEntries", lobby.store().size());
        body.put("lobbyWatchers", signaling.watchers());
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (lobby != null) {
            lobby.store().close();
        }
    }
}
