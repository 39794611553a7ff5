package dev.weft.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records every text message and the close code, so tests can
 * assert on exactly what a socket received. {@link #assertNoMore} checks nothing unexpected arrived.
 */
public final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    private WsClient(URI uri) {
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).join();
    }

    public static WsClient connect(URI uri) {
        return new WsClient(uri);
    }

    public WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /**
     * Sends unless the server has already closed the connection; false when it has (a flood test's
     * loop stops there instead of failing on the send that raced the server's close).
     */
    public boolean trySend(String text) {
        if (socket.isOutputClosed() || isClosed()) {
            return false;
        }
        try {
            socket.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException closedMeanwhile) {
            return false;
        }
    }

    public WsClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next text message, or fails after 5 s. */
    public String nextText() {
        try {
            String m = messages.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 5 s");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonNode next() {
        try {
            return JSON.readTree(nextText());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    /** The next text message within {@code millis}, or an AssertionError. */
    public String nextTextWithin(long millis) {
        try {
            String m = messages.poll(millis, TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + millis + " ms");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts no message arrives within {@code millis}. */
    public void assertNoMore(long millis) {
        try {
            String m = messages.poll(millis, TimeUnit.MILLISECONDS);
            if (m != null) {
                throw new AssertionError("unexpected message: " + m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers and returns the {@code registered} message. */
    public JsonNode register(String id, String token) {
        StringBuilder sb = new StringBuilder("{\"type\":\"register\"");
        if (id != null) {
            sb.append(",\"id\":\"").append(id).append('"');
        }
        if (token != null) {
            sb.append(",\"token\":\"").append(token).append('"');
        }
        send(sb.append('}').toString());
        return next();
    }

    /** Registers and fails the test unless the node answers {@code registered}. */
    public WsClient registered(String id, String token) {
        JsonNode r = register(id, token);
        if (!"registered".equals(r.path("type").asText())) {
            throw new AssertionError("not registered as " + id + ": " + r);
        }
        return this;
    }

    /** The close code the server sent, waiting up to {@code seconds}. */
    public int awaitClose(int seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + seconds + " s", e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Clean close (a close frame, as a browser tab does). */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // already closing
            }
        }
        socket.abort();
    }

    /** Drops the TCP connection without a close frame (a crashed tab or a lost network). */
    public void abort() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
