package dev.weft.client;

import dev.weft.overlay.Dialer;
import dev.weft.overlay.Link;
import dev.weft.overlay.Overlay;
import dev.weft.overlay.OverlayConstants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Dials nodes with the JDK's WebSocket client and hands the links to the overlay, on the overlay's executor.
 * Messages over {@link OverlayConstants#MAX_MESSAGE_BYTES} close the link; binary messages are ignored.
 */
public final class WebSocketDialer implements Dialer {
    /** One client for all dialers: its threads are shared by every peer of this JVM. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(OverlayConstants.LINK_TIMEOUT_MS)).build();
    private final HttpClient http = HTTP;
    private final Executor overlayThread;
    private final Supplier<Overlay> overlay;

    public WebSocketDialer(Executor overlayThread, Supplier<Overlay> overlay) {
        this.overlayThread = overlayThread;
        this.overlay = overlay;
    }

    @Override
    public void dial(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            overlayThread.execute(() -> overlay.get().dialFailed(url, "bad URL"));
            return;
        }
        WsLink link = new WsLink(url);
        http.newWebSocketBuilder().connectTimeout(Duration.ofMillis(OverlayConstants.LINK_TIMEOUT_MS))
                .buildAsync(uri, link.listener)
                .whenComplete((ws, err) -> {
                    if (err != null) {
                        overlayThread.execute(() -> overlay.get().dialFailed(url, String.valueOf(err.getMessage())));
                    }
                });
    }

    private final class WsLink implements Link {
        private final String url;
        private volatile WebSocket ws;
        private volatile boolean closed;
        private CompletionStage<?> sending = java.util.concurrent.CompletableFuture.completedFuture(null);
        final WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder buf = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                ws = webSocket;
                overlayThread.execute(() -> overlay.get().linkOpened(WsLink.this));
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                buf.append(data);
                if (buf.length() > OverlayConstants.MAX_MESSAGE_BYTES) {
                    buf.setLength(0);
                    close();
                    return null;
                }
                if (last) {
                    String text = buf.toString();
                    buf.setLength(0);
                    overlayThread.execute(() -> overlay.get().received(WsLink.this, text));
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                gone();
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                gone();
            }
        };

        WsLink(String url) {
            this.url = url;
        }

        private void gone() {
            if (!closed) {
                closed = true;
            }
            overlayThread.execute(() -> overlay.get().linkClosed(this));
        }

        @Override
        public synchronized void send(String text) {
            WebSocket w = ws;
            if (closed || w == null) {
                return;
            }
            // The JDK allows one outstanding send: chain them.
            sending = sending.thenCompose(x -> w.sendText(text, true)).exceptionally(err -> {
                close();
                return null;
            });
        }

        @Override
        public void close() {
            WebSocket w = ws;
            boolean was = closed;
            closed = true;
            if (w != null) {
                w.abort();
            }
            if (!was) {
                overlayThread.execute(() -> overlay.get().linkClosed(this));
            }
        }

        @Override
        public boolean outbound() {
            return true;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public String describe() {
            return "to " + url;
        }
    }
}
