package dev.weft.node.overlay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.client.ExecutorScheduler;
import dev.weft.client.WebSocketDialer;
import dev.weft.node.NodeConfig;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.overlay.Identity;
import dev.weft.overlay.Overlay;
import dev.weft.overlay.OverlayConfig;
import dev.weft.overlay.OverlayListener;
import dev.weft.overlay.PeerInfo;
import dev.weft.overlay.PeerKind;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as a peer of the overlay (docs/overlay.md): the {@code /overlay} WebSocket, {@code --peer} links to
 * other nodes, the known-nodes file and {@code GET /api/network}. The overlay runs on one event loop of the
 * node; its URL is {@code --overlay-url} or ws://HOST:PORT/overlay (with {@code --port 0} it starts when the
 * port is known: at the first connection).
 */
public final class OverlayFeature implements NodeFeature {
    private static final Logger log = LoggerFactory.getLogger(OverlayFeature.class);

    private NodeConfig config;
    private OverlaySettings settings;
    private EventLoop loop;
    private ObjectMapper json;
    private KnownNodesFile knownFile;
    private volatile Overlay overlay;
    private Identity identity;

    @Override
    public void start(NodeContext context) {
        config = context.config();
        settings = config.extension(OverlaySettings.class).orElse(OverlaySettings.defaults());
        loop = context.workers().next();
        json = context.json();
        knownFile = new KnownNodesFile(settings.knownNodes());
        identity = settings.identity() != null ? settings.identity() : Identity.generate();
        if (settings.identity() == null) {
            log.info("overlay: a fresh key for this start (id {}); --key-file keeps one", identity.id());
        }
        if (settings.publicUrl() != null || config.port() != 0) {
            ensureStarted(config.port());
        }
    }

    /** Creates and starts the overlay once this node's URL is known. Thread-safe. */
    synchronized void ensureStarted(int port) {
        if (overlay != null) {
            return;
        }
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        String url = settings.publicUrl() != null ? settings.publicUrl() : "ws://" + host + ":" + port + OverlayEndpoint.PATH;
        List<String> boot = new ArrayList<>(settings.peers());
        for (String known : knownFile.load()) {
            if (!boot.contains(known)) {
                boot.add(known);
            }
        }
        boot.remove(url);
        OverlayConfig oc = OverlayConfig.forPeer(identity, PeerKind.NODE, url, boot)
                .withAddressLimits(settings.idsPerAddress(), settings.linksPerAddress(), settings.banAddresses());
        Overlay[] holder = new Overlay[1];
        Overlay o = new Overlay(oc, new ExecutorScheduler(loop),
                new WebSocketDialer(loop, () -> holder[0]), new SecureRandom(), new OverlayListener() {
                    @Override
                    public void onKnownNodesChanged(List<String> urls) {
                        knownFile.save(urls);
                    }
                });
        holder[0] = o;
        overlay = o;
        loop.execute(o::start);
        log.info("overlay peer {} at {} (joining: {})", identity.id(), url, boot);
    }

    void onOverlayThread(Consumer<Overlay> task) {
        Overlay o = overlay;
        if (o != null) {
            loop.execute(() -> task.accept(o));
        }
    }

    <T> CompletableFuture<T> query(Function<Overlay, T> fn) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Overlay o = overlay;
        if (o == null) {
            f.complete(null);
            return f;
        }
        loop.execute(() -> {
            try {
                f.complete(fn.apply(o));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** The node's overlay (for tests and the API); null until started. */
    public Overlay overlay() {
        return overlay;
    }

    /** Runs {@code fn} on the overlay's thread. */
    public <T> CompletableFuture<T> call(Function<Overlay, T> fn) {
        return query(fn);
    }

    public String id() {
        return identity.id();
    }

    /** The JSON of {@code GET /api/network}. */
    ObjectNode describe(Overlay.Snapshot s) {
        ObjectNode b = json.createObjectNode();
        b.put("id", identity.id());
        b.put("kind", "node");
        if (s == null) {
            b.putNull("url");
            b.putObject("groups");
            b.putArray("links");
            b.putArray("knownNodes");
            b.put("dhtSize", 0);
            return b;
        }
        b.put("url", s.self().url());
        ObjectNode groups = b.putObject("groups");
        for (Map.Entry<String, List<String>> e : s.neighbors().entrySet()) {
            ArrayNode a = groups.putArray(e.getKey());
            e.getValue().forEach(a::add);
        }
        ArrayNode links = b.putArray("links");
        for (PeerInfo p : s.links()) {
            ObjectNode l = links.addObject();
            l.put("id", p.id());
            l.put("kind", p.kind().wire());
            if (p.url() != null) {
                l.put("url", p.url());
            }
        }
        ArrayNode known = b.putArray("knownNodes");
        s.knownNodes().forEach(known::add);
        b.put("dhtSize", s.dhtSize());
        return b;
    }

    @Override
    public List<WebSocketEndpoint> webSockets() {
        return List.of(new OverlayEndpoint(this));
    }

    @Override
    public Map<String, HttpEndpoint> http() {
        return Map.of("/api/network", new NetworkEndpoint(this, json));
    }

    @Override
    public void health(ObjectNode body) {
        Overlay o = overlay;
        body.put("overlayId", identity.id());
    }

    @Override
    public void close() {
        Overlay o = overlay;
        if (o != null && !loop.isShuttingDown()) {
            try {
                loop.submit(o::close).await(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
