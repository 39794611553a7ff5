package dev.weft.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} (Debian's package) on 127.0.0.1 and a free port, without persistence, for one
 * test class. {@link #stop()} kills it by its PID; {@link #restart()} starts a fresh, empty one on the same port.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() {
        String exe = "/usr/bin/redis-server";
        if (!Files.isExecutable(Path.of(exe))) {
            throw new IllegalStateException("redis-server not found: apt-get install redis-server (scripts/test.sh does)");
        }
        RedisServer r = new RedisServer(freePort());
        r.launch();
        return r;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--loglevel", "warning")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** True when the server answers PING. */
    public boolean ping() {
        return "+PONG\r\n".equals(inline("PING", 7));
    }

    /** {@code EXISTS key}: whether Redis holds the key now. */
    public boolean exists(String key) {
        return ":1\r\n".equals(inline("EXISTS " + key, 4));
    }

    /** {@code SCRIPT FLUSH}: Redis forgets every cached Lua script, as after a restart. */
    public void flushScripts() {
        if (!"+OK\r\n".equals(inline("SCRIPT FLUSH", 5))) {
            throw new IllegalStateException("SCRIPT FLUSH failed");
        }
    }

    /** Sends one inline command and reads the first {@code replyBytes} bytes of the reply; null on failure. */
    private String inline(String command, int replyBytes) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] b = new byte[replyBytes];
            int n = s.getInputStream().readNBytes(b, 0, replyBytes);
            return n == replyBytes ? new String(b, StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            return null;
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (by its PID) and waits for it to exit. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A fresh, empty server on the same port (what a Redis restart without persistence looks like). */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
