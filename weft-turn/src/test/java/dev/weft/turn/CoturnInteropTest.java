package dev.weft.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server against coturn's independent clients (Debian package {@code coturn}): {@code turnutils_stunclient},
 * {@code turnutils_uclient} (allocate, permissions, channels, relay) and {@code turnutils_peer} as the echo
 * peer. Everything on 127.0.0.1 with free ports; every subprocess has a timeout and is stopped by its PID.
 */
class CoturnInteropTest {
    private static final String SECRET = "interop-secret";
    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern LOST = Pattern.compile("Total lost packets (\\d+)");

    @TempDir
    static Path tmp;
    private static SimpleMeterRegistry registry;
    private static TurnServer server;
    private static Process peer;
    private static int peerPort;

    @BeforeAll
    static void start() throws Exception {
        for (String tool : List.of("turnutils_uclient", "turnutils_stunclient", "turnutils_peer", "openssl")) {
            assertThat(onPath(tool)).as(tool + " must be installed (apt-get install -y coturn openssl)").isTrue();
        }
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "1", "-subj", "/CN=localhost"), 60);
        registry = new SimpleMeterRegistry();
        server = new TurnServer(TurnConfig.builder()
                .listenHost("127.0.0.1")
                .port(0)
                .tls(0, cert, key)
                .relayAddress("127.0.0.1")
                .relayPorts(51000, 51999)
                .realm("interop")
                .user("u", "p")
                .restSecret(SECRET)
                .allowPeer("127.0.0.0/8")
                .rfc5766ChannelNumbers(true) // uclient picks channels up to 0x7FFF
                .meterRegistry(registry)
                .build()).start();
        peerPort = freeUdpPort();
        peer = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", String.valueOf(peerPort))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("peer.log").toFile()).start();
        Thread.sleep(300);
        assertThat(peer.isAlive()).as("turnutils_peer started").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (peer != null) {
            peer.destroy();
            peer.waitFor(5, TimeUnit.SECONDS);
            peer.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stunclient_gets_its_mapped_address() throws Exception {
        double before = registry.get("weft.turn.binding.requests").counter().count();
        String out = run(List.of("turnutils_stunclient", "-p", String.valueOf(server.udpPort()), "127.0.0.1"), 20);
        assertThat(out).containsPattern("UDP reflexive addr: 127\\.0\\.0\\.1:\\d+");
        assertThat(registry.get("weft.turn.binding.requests").counter().count()).isGreaterThan(before);
    }

    @Test
    void uclient_relays_over_udp_with_static_credentials() throws Exception {
        relayAndCheck(List.of("-u", "u", "-w", "p"));
    }

    @Test
    void uclient_relays_over_tcp_with_static_credentials() throws Exception {
        relayAndCheck(List.of("-t", "-u", "u", "-w", "p"));
    }

    @Test
    void uclient_relays_over_udp_with_rest_credentials() throws Exception {
        relayAndCheck(List.of("-W", SECRET, "-u", "restuser"));
    }

    @Test
    void uclient_relays_over_tcp_with_rest_credentials_and_send_indications() throws Exception {
        relayAndCheck(List.of("-t", "-s", "-W", SECRET, "-u", "restuser"));
    }

    @Test
    void uclient_relays_over_tls() throws Exception {
        relayAndCheck(List.of("-t", "-S", "-u", "u", "-w", "p", "-p", String.valueOf(server.tlsPort())));
    }

    @Test
    void uclient_with_a_wrong_password_cannot_allocate() throws Exception {
        double before = errors("401");
        String out = run(uclient(List.of("-u", "u", "-w", "wrong", "-n", "3", "-m", "1")), 30);
        assertThat(out).contains("Cannot complete Allocation");
        assertThat(errors("401")).isGreaterThan(before);
    }

    @Test
    void malformed_storm_while_uclient_relays() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        int[] sent = {0};
        Thread storm = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(7);
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                InetAddress lo = InetAddress.getLoopbackAddress();
                while (!stop.get() && sent[0] < 200_000) {
                    byte[] junk = new byte[rnd.nextInt(1, 300)];
                    for (int i = 0; i < junk.length; i++) {
                        junk[i] = (byte) rnd.nextInt(256);
                    }
                    s.send(new DatagramPacket(junk, junk.length, lo, server.udpPort()));
                    sent[0]++;
                    if (sent[0] % 200 == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "storm");
        double malformedBefore = dropped("malformed") + dropped("no_allocation");
        storm.start();
        try {
            relayAndCheck(List.of("-u", "u", "-w", "p", "-n", "100"));
        } finally {
            stop.set(true);
            storm.join(10_000);
        }
        assertThat(sent[0]).isGreaterThan(1000);
        assertThat(dropped("malformed") + dropped("no_allocation") - malformedBefore).isGreaterThan(500);
    }

    /**
     * Runs uclient against the echo peer and checks: every message came back, and our counters moved. uclient
     * waits a fixed time for echoes, so on a starved machine a late echo counts as lost: one more run is allowed,
     * and it must be perfect.
     */
    private static void relayAndCheck(List<String> args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                relayOnce(args);
                return;
            } catch (AssertionError e) {
                if (attempt == 2) {
                    throw e;
                }
                System.err.println("uclient run lost packets, retrying once: " + e.getMessage());
            }
        }
    }

    private static void relayOnce(List<String> args) throws Exception {
        double toPeer = relayPackets("to_peer");
        double toClient = relayPackets("to_client");
        List<String> all = new ArrayList<>(List.of("-n", "40", "-m", "2", "-l", "120", "-z", "5"));
        all.addAll(args);
        String out = run(uclient(all), 90);
        Matcher totals = TOTALS.matcher(out);
        String last = null;
        String lastRecv = null;
        while (totals.find()) {
            last = totals.group(1);
            lastRecv = totals.group(2);
        }
        assertThat(last).as("uclient totals in:\n" + out).isNotNull();
        int sentMsgs = Integer.parseInt(last);
        assertThat(sentMsgs).isGreaterThanOrEqualTo(40);
        assertThat(Integer.parseInt(lastRecv)).as("received = sent").isEqualTo(sentMsgs);
        Matcher lost = LOST.matcher(out);
        assertThat(lost.find()).isTrue();
        assertThat(lost.group(1)).isEqualTo("0");
        assertThat(relayPackets("to_peer") - toPeer).isGreaterThanOrEqualTo(sentMsgs);
        assertThat(relayPackets("to_client") - toClient).isGreaterThanOrEqualTo(sentMsgs);
    }

    private static List<String> uclient(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("turnutils_uclient", "-e", "127.0.0.1", "-r", String.valueOf(peerPort),
                "-p", String.valueOf(server.udpPort())));
        cmd.addAll(args);
        cmd.add("127.0.0.1");
        return cmd;
    }

    private static double relayPackets(String direction) {
        FunctionCounter c = registry.get("weft.turn.relay.packets").tag("direction", direction).functionCounter();
        return c.count();
    }

    private static double errors(String code) {
        var c = registry.find("weft.turn.errors").tag("code", code).counter();
        return c == null ? 0 : c.count();
    }

    private static double dropped(String reason) {
        return registry.get("weft.turn.dropped.packets").tag("reason", reason).counter().count();
    }

    /** Runs a command with a timeout; the process is stopped by its PID if it overstays. Returns its output. */
    static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile(tmp, "proc", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            throw new AssertionError(cmd + " timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
