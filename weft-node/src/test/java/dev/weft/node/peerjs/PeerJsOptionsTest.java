package dev.weft.node.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.testing.Cli;
import org.junit.jupiter.api.Test;

class PeerJsOptionsTest {
    @Test
    void invalidPeerJsFlagsExitWithCode2AndOneLine() {
        for (String[] args : new String[][] {{"--peerjs-concurrent-limit", "0"}, {"--peerjs-key", "a b"},
                {"--peerjs-expire-timeout", "0"}, {"--peerjs-alive-timeout", "later"}}) {
            Cli.assertRejected(args);
        }
    }
}
