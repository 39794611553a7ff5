package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.NodeConfig;
import dev.weft.node.WeftNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The instrument itself, tested: the generator runs for about two seconds per workload against an embedded node
 * and the echo server, and must have measured relayed messages (not a benchmark: no speed is asserted).
 */
class GeneratorSmokeTest {
    private static WeftNode node;
    private static EchoServer echo;
    private static int echoPort;

    @BeforeAll
    static void start() throws Exception {
        node = WeftNode.start(NodeConfig.builder().host("127.0.0.1").port(0).messagesPerSecond(1_000_000).build());
        echo = new EchoServer();
        echoPort = echo.start();
    }

    @AfterAll
    static void stop() {
        if (echo != null) {
            echo.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static TargetOptions target(int port, Protocol protocol) {
        TargetOptions t = new TargetOptions();
        t.urls.add(URI.create("ws://127.0.0.1:" + port));
        t.protocol = protocol;
        t.serverPids.add(ProcessHandle.current().pid());
        return t;
    }

    @Test
    void relayThroughTheEchoServerMeasuresTheGeneratorsCeiling() throws Exception {
        RelayCommand.Result r = RelayCommand.run(target(echoPort, Protocol.ECHO), 4, 200, 4, 0.5, 2);
        assertThat(r.messages()).isPositive();
        assertThat(r.report()).isNotNull();
    }

    @Test
    void relayThroughEachWeftEndpointCountsRelayedMessagesAndNoErrors() throws Exception {
        for (Protocol p : new Protocol[] {Protocol.NATIVE, Protocol.CLASSIC, Protocol.PEERJS}) {
            Map<String, String> r = run("relay", "--url", "ws://127.0.0.1:" + node.port(), "--protocol", p.name(),
                    "--pairs", "4", "--size", p == Protocol.NATIVE ? "2048" : "200", "--warmup", "0.5",
                    "--duration", "1");
            assertThat(Long.parseLong(r.get("messages"))).as(p + " relayed").isPositive();
            assertThat(r.get("errors")).as(p + " errors").isEqualTo("0");
            assertThat(Integer.parseInt(r.get("size"))).as("frame size").isBetween(p == Protocol.NATIVE ? 2040 : 195,
                    p == Protocol.NATIVE ? 2060 : 230);
        }
    }

    @Test
    void latencyAtAFixedLoadRecordsEveryMessageOfTheWindow() throws Exception {
        Map<String, String> r = run("latency", "--url", "ws://127.0.0.1:" + node.port(), "--rate", "2000",
                "--pairs", "4", "--warmup", "0.5", "--duration", "2");
        long samples = Long.parseLong(r.get("samples"));
        assertThat(samples).isBetween(2000L, 4001L);
        assertThat(Double.parseDouble(r.get("p50_ms"))).isPositive();
        assertThat(Double.parseDouble(r.get("p999_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(r.get("p50_ms")));
    }

    @Test
    void churnAndIdleConnectionsComplete() throws Exception {
        Map<String, String> churn = run("churn", "--url", "ws://127.0.0.1:" + node.port(), "--concurrency", "4",
                "--warmup", "0.3", "--duration", "1.5");
        assertThat(Long.parseLong(churn.get("cycles"))).isPositive();
        Map<String, String> idle = run("connections", "--url", "ws://127.0.0.1:" + node.port(), "--protocol",
                "peerjs", "--count", "40", "--sources", "2", "--hold", "0.5",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        assertThat(idle.get("alive")).isEqualTo("40");
    }

    /** Runs a generator command and returns the fields of its RESULT line. */
    private static Map<String, String> run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        } finally {
            System.setOut(out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(code).as("exit code of " + String.join(" ", args)).isZero();
        String line = text.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow();
        return Arrays.stream(line.split(" ")).filter(kv -> kv.contains("="))
                .collect(Collectors.toMap(kv -> kv.substring(0, kv.indexOf('=')), kv -> kv.substring(kv.indexOf('=') + 1)));
    }
}
