package dev.weft.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar weft-bench.jar <workload> [options]}: the load generator (docs/benchmarks-load.md). Loopback
 * only. Each workload prints one {@code RESULT key=value ...} line.
 */
@Command(name = "weft-bench", mixinStandardHelpOptions = true,
        subcommands = {RelayCommand.class, LatencyCommand.class, ConnectionsCommand.class, ChurnCommand.class,
                EchoServer.class},
        description = "Load generator for signaling servers: Weft native (/ws), classic (/classic), PeerJS "
                + "(/peerjs), the seed's ws server and PeerServer. See docs/benchmarks-load.md.")
public final class BenchMain implements Runnable {
    public static void main(String[] args) {
        // The leak detector records a stack trace for 1 in 128 buffers: a cost on the generator's one core (and
        // the echo server's) that is not the system's. The smoke test keeps it, as a check of the instrument.
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        CommandLine cli = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
