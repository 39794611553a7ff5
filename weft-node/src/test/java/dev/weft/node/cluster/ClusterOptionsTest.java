package dev.weft.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.testing.Cli;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {
    @Test
    void invalidClusterFlagsExitWithCode2AndOneLine() {
        for (String[] args : new String[][] {{"--cluster", "http://127.0.0.1:6379"}, {"--cluster", "redis://"},
                {"--node-id", "lonely"}, {"--cluster", "redis://127.0.0.1:6379", "--cluster-lease", "500ms"},
                {"--cluster", "redis://127.0.0.1:6379", "--node-id", "has space"}}) {
            Cli.assertRejected(args);
        }
    }
}
