package dev.weft.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TURN REST credentials as coturn computes them, and config validation. */
class TurnCredentialsTest {
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void issue_makes_expiry_colon_user_and_the_base64_hmac_sha1() {
        TurnCredentials c = TurnCredentials.issue("north", "alice", Duration.ofHours(1), clock);
        assertThat(c.username()).isEqualTo("1700003600:alice");
        assertThat(c.expires()).isEqualTo(Instant.ofEpochSecond(1_700_003_600L));
        // echo -n "1700003600:alice" | openssl dgst -sha1 -hmac north -binary | base64
        assertThat(c.password()).isEqualTo("wjwSXO2ch1B6VaLTLMy2Avn5O9o=");
        assertThat(TurnCredentials.expiryOf(c.username())).isEqualTo(1_700_003_600L);
        assertThat(TurnCredentials.expiryOf("alice")).isEqualTo(-1);
        assertThat(TurnCredentials.expiryOf("1700003600")).isEqualTo(1_700_003_600L);
        assertThat(c.toString()).doesNotContain(c.password());
    }

    @Test
    void issue_refuses_nonsense() {
        assertThatThrownBy(() -> TurnCredentials.issue("", "a", Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TurnCredentials.issue("s", "a", Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void config_defaults_and_validation() {
        TurnConfig c = TurnConfig.builder().user("u", "p").build();
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(3478);
        assertThat(c.tlsPort()).isEqualTo(-1);
        assertThat(c.relayPortMin()).isEqualTo(49152);
        assertThat(c.relayPortMax()).isEqualTo(65535);
        assertThat(c.realm()).isEqualTo("weft");
        assertThat(c.allowedPeers()).isEmpty();
        assertThat(c.rfc5766ChannelNumbers()).isFalse();
        assertThatThrownBy(() -> TurnConfig.builder().build()).hasMessageContaining("static users or a REST secret");
        assertThatThrownBy(() -> TurnConfig.builder().user("u", "p").relayPorts(5, 4).build())
                .hasMessageContaining("relay ports");
        assertThatThrownBy(() -> TurnConfig.builder().user("u", "p").maxLifetime(Duration.ofSeconds(60)).build())
                .hasMessageContaining("600");
    }
}
