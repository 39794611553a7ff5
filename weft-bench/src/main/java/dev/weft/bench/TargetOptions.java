package dev.weft.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every workload shares: where the server is, which protocol it speaks, what to watch. */
final class TargetOptions {
    @Option(names = "--url", required = true, split = ",", paramLabel = "ws://HOST:PORT",
            description = "Server base URL(s), loopback only. With two (a cluster), each pair's second client "
                    + "connects to the second URL.")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--protocol", description = "native, classic, peerjs or echo. Default: ${DEFAULT-VALUE}.")
    Protocol protocol = Protocol.NATIVE;

    @Option(names = "--server-pid", split = ",", paramLabel = "PID",
            description = "Server process(es) whose CPU time and memory are reported.")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--sources", description = "Number of 127.0.0.x source addresses (127.0.0.10...); 0 = 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int sources = 0;

    @Option(names = "--threads", description = "Generator event loops. Default: ${DEFAULT-VALUE}.")
    int threads = 1;

    @Option(names = "--label", description = "Name of the system in the RESULT line. Default: the protocol.")
    String label;

    String label() {
        return label != null ? label : protocol.name().toLowerCase(java.util.Locale.ROOT);
    }

    URI url(int side) {
        for (URI u : urls) {
            String host = u.getHost();
            if (host == null || !host.startsWith("127.")) {
                throw new IllegalArgumentException("loopback only (127.0.0.0/8): " + u);
            }
        }
        return urls.get(side % urls.size());
    }
}
