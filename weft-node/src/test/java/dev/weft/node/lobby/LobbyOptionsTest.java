package dev.weft.node.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LobbyOptionsTest {
    @Test
    void badLobbyFlagsExitWith2AndOneLine() {
        for (String[] args : new String[][] {{"--lobby-ttl", "100ms"}, {"--lobby-ttl", "2h"}, {"--lobby-ttl", "soon"},
                {"--lobby-max-per-peer", "0"}, {"--lobby-max-entries", "-1"}}) {
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

    @Test
    void theSweepFollowsTheTtl() {
        assertThat(LobbySettings.DEFAULTS.ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(LobbySettings.DEFAULTS.sweepEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new LobbySettings(Duration.ofMillis(800), 1, 1).sweepEvery()).isEqualTo(Duration.ofMillis(200));
    }
}
