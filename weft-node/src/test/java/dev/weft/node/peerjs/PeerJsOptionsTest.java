package dev.weft.node.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerJsOptionsTest {
    @Test
    void invalidPeerJsFlagsExitWithCode2AndOneLine() {
        for (String[] args : new String[][] {{"--peerjs-concurrent-limit", "0"}, {"--peerjs-key", "a b"},
                {"--peerjs-expire-timeout", "0"}, {"--peerjs-alive-timeout", "later"}}) {
            PrintStream old = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run(args);
            } finally {
                System.setErr(old);
            }
            String err = buf.toString(StandardCharsets.UTF_8);
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
            assertThat(err).startsWith("weft-node: ");
        }
    }
}
