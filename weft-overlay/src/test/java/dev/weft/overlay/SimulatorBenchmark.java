package dev.weft.overlay;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The simulator as a benchmark (docs/benchmarks-overlay.md): not part of the normal test run (the class name does
 * not end in Test). Run with {@code scripts/bench-overlay-sim.sh [peers]} (default 10,000); it prints the
 * report and writes it to {@code weft-overlay/target/sim-report.txt}.
 */
class SimulatorBenchmark {
    @Test
    void simulate() throws Exception {
        int peers = Integer.parseInt(System.getenv().getOrDefault("SIM_PEERS", "10000"));
        Identity.simulate(true);
        try {
            Simulator.Report r = new Simulator(peers, 5).run();
            System.out.println(r.text());
            Files.writeString(Path.of("target/sim-report.txt"), r.text());
        } finally {
            Identity.simulate(false);
        }
    }
}
