package dev.weft.turn.bench;

import dev.weft.turn.TurnConfig;
import dev.weft.turn.TurnServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a TurnServer in the foreground for benchmarks and manual interop:
 * {@code RunServer <port> <user:password> [restSecret] [ioThreads]} on 127.0.0.1, relaying to 127.0.0.0/8,
 * RFC 5766 channel numbers allowed (coturn's clients use them). Prints "READY udp=<port>" once bound and the
 * Prometheus scrape on stdin EOF or SIGTERM.
 */
public final class RunServer {
    private RunServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String[] user = args[1].split(":", 2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TurnConfig.Builder b = TurnConfig.builder()
                .listenHost("127.0.0.1")
                .port(port)
                .relayAddress("127.0.0.1")
                .relayPorts(49152, 65535)
                .realm("test")
                .user(user[0], user[1])
                .allowPeer("127.0.0.0/8")
                .rfc5766ChannelNumbers(true)
                .meterRegistry(registry);
        if (args.length > 2 && !args[2].equals("-")) {
            b.restSecret(args[2]);
        }
        if (args.length > 3) {
            b.ioThreads(Integer.parseInt(args[3]));
        }
        String connected = System.getProperty("weft.turn.connectedUdp");
        if (connected != null) {
            b.connectedUdp(Boolean.parseBoolean(connected));
        }
        TurnServer server = new TurnServer(b.build()).start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(registry.scrape());
            server.close();
            done.countDown();
        }));
        System.out.println("READY udp=" + server.udpPort() + " tcp=" + server.tcpPort());
        System.out.flush();
        done.await();
    }
}
