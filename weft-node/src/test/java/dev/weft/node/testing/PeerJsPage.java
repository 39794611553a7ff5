package dev.weft.node.testing;

import com.microsoft.playwright.Page;
import java.util.Map;

/** Drives the real PeerJS client in a page from {@link PeerJsBundle#PAGE}: open a Peer, connect, send. */
public final class PeerJsPage {
    /** Creates {@code new Peer(id?, {host, port})} as an app would, changing only host and port. */
    private static final String OPEN = """
            async ({id}) => {
              window.log = { data: [], conns: [], errors: [], events: [] };
              const options = { host: location.hostname, port: Number(location.port), debug: 1 };
              const peer = id ? new Peer(id, options) : new Peer(options);
              window.peer = peer;
              peer.on('connection', (c) => {
                log.conns.push({ peer: c.peer, label: c.label, metadata: c.metadata });
                window.incoming = c;
                c.on('data', (d) => log.data.push(d));
                c.on('open', () => log.events.push('incoming-open'));
              });
              peer.on('disconnected', () => log.events.push('disconnected'));
              peer.on('close', () => log.events.push('close'));
              return await new Promise((resolve) => {
                peer.on('open', (assigned) => resolve({ id: assigned }));
                peer.on('error', (e) => { log.errors.push(e.type); resolve({ error: e.type }); });
              });
            }""";

    private static final String CONNECT = """
            async ({to}) => {
              const c = peer.connect(to, { label: 'chat', metadata: { room: 7 } });
              window.outgoing = c;
              c.on('data', (d) => log.data.push(d));
              return await new Promise((resolve) => {
                c.on('open', () => resolve({ ok: true }));
                peer.on('error', (e) => resolve({ ok: false, error: e.type }));
                setTimeout(() => resolve({ ok: false, error: 'timeout' }), 20000);
              });
            }""";

    private PeerJsPage() {
    }

    /** Opens a page on {@code http} (a node's origin) and a Peer in it; returns the open result. */
    public static Page open(Chromium chromium, String http) {
        return chromium.page(http + PeerJsBundle.PAGE);
    }

    /** {@code {id}} once OPEN arrived, or {@code {error: type}}. */
    public static Map<?, ?> peer(Page page, String id) {
        return (Map<?, ?>) page.evaluate(OPEN, Map.of("id", id == null ? "" : id));
    }

    /** {@code {ok: true}} once the DataConnection is open, else {@code {ok: false, error}}. */
    public static Map<?, ?> connect(Page page, String to) {
        return (Map<?, ?>) page.evaluate(CONNECT, Map.of("to", to));
    }

    public static void waitFor(Page p, String condition) {
        p.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(20000));
    }
}
