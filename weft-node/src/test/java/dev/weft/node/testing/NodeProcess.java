package dev.weft.node.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node as a separate JVM ({@code dev.weft.node.Main} on the test classpath), so a test can kill it the
 * hard way ({@link #kill()}: SIGKILL by PID, no shutdown hooks, no goodbye to Redis).
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NodeProcess start(String... flags) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.weft.node.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(List.of(flags));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a node process", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new NodeProcess(p, port);
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the node process did not open port " + port);
    }

    public int port() {
        return port;
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** SIGKILL: the node dies without closing anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
