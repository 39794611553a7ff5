package dev.weft.node.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import dev.weft.node.testing.Cli;
import org.junit.jupiter.api.Test;

class LobbyOptionsTest {
    @Test
    void badLobbyFlagsExitWith2AndOneLine() {
        for (String[] args : new String[][] {{"--lobby-ttl", "100ms"}, {"--lobby-ttl", "2h"}, {"--lobby-ttl", "soon"},
                {"--lobby-max-per-peer", "0"}, {"--lobby-max-entries", "-1"}}) {
            Cli.assertRejected(args);
        }
    }

    @Test
    void theSweepFollowsTheTtl() {
        assertThat(LobbySettings.DEFAULTS.ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(LobbySettings.DEFAULTS.sweepEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new LobbySettings(Duration.ofMillis(800), 1, 1).sweepEvery()).isEqualTo(Duration.ofMillis(200));
    }
}
