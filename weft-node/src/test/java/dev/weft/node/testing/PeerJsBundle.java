package dev.weft.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The real PeerJS browser client ({@code peerjs@1.5.5} from npm), fetched once into {@code target/npm} and
 * put on the test classpath as {@code /peerjs-test/}, so every test node serves it to its pages:
 * {@code /peerjs-test/peerjs.min.js} and a blank page {@code /peerjs-test/} that loads it. The page wraps
 * RTCPeerConnection so ICE stays on 127.0.0.1 (no ICE servers; only 127.0.0.1 candidates are signalled or
 * used), the PeerJS equivalent of weft.js's candidate filter.
 */
public final class PeerJsBundle {
    public static final String VERSION = "1.5.5";
    public static final String PAGE = "/peerjs-test/";

    private static final String LOOPBACK_ONLY = """
            (() => {
              const Native = window.RTCPeerConnection;
              const loopback = (c) => !c || !c.candidate || c.candidate.split(' ')[4] === '127.0.0.1';
              class LoopbackPeerConnection extends Native {
                constructor(config) { super(Object.assign({}, config, { iceServers: [] })); }
                set onicecandidate(h) {
                  super.onicecandidate = h && ((e) => { if (loopback(e.candidate)) h.call(this, e); });
                }
                get onicecandidate() { return super.onicecandidate; }
                addIceCandidate(c, ...rest) { return loopback(c) ? super.addIceCandidate(c, ...rest) : Promise.resolve(); }
              }
              window.RTCPeerConnection = LoopbackPeerConnection;
            })();
            """;

    private PeerJsBundle() {
    }

    /** Fetches peerjs with npm if needed and installs the test page; idempotent. */
    public static synchronized void install() {
        Path target = Path.of(System.getProperty("weft.target", "target")).toAbsolutePath();
        Path npm = target.resolve("npm");
        Path bundle = npm.resolve("node_modules/peerjs/dist/peerjs.min.js");
        try {
            if (!Files.exists(bundle)) {
                Files.createDirectories(npm);
                Process p = new ProcessBuilder("npm", "install", "--prefix", npm.toString(), "--no-audit",
                        "--no-fund", "--no-save", "--loglevel=error", "peerjs@" + VERSION)
                        .redirectErrorStream(true).redirectOutput(npm.resolve("npm-install.log").toFile()).start();
                if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("npm install peerjs@" + VERSION + " failed; see "
                            + npm.resolve("npm-install.log"));
                }
            }
            Path page = target.resolve("test-classes/weft-static/peerjs-test");
            Files.createDirectories(page);
            Files.copy(bundle, page.resolve("peerjs.min.js"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(page.resolve("loopback.js"), LOOPBACK_ONLY, StandardCharsets.UTF_8);
            Files.writeString(page.resolve("index.html"), """
                    <!doctype html>
                    <meta charset="utf-8">
                    <title>PeerJS test page</title>
                    <script src="loopback.js"></script>
                    <script src="peerjs.min.js"></script>
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
