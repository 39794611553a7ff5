package dev.weft.node;

import dev.weft.node.cli.NodeCommand;
import picocli.CommandLine;

/** Entry point of {@code weft-node.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI; returns the exit code (2 for invalid flags or values, with a one-line message). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("weft-node: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cli.execute(args);
    }
}
