package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which kernels get connected client sockets by default (TurnConfig.Builder#connectedUdp). */
class TransportsTest {
    @Test
    void connected_client_sockets_need_linux_6_13_or_later() {
        assertThat(Transports.kernelAtLeast("Linux", "6.18.44-fc-v657", 6, 13)).isTrue();
        assertThat(Transports.kernelAtLeast("Linux", "6.13.0", 6, 13)).isTrue();
        assertThat(Transports.kernelAtLeast("Linux", "7.0", 6, 13)).isTrue();
        assertThat(Transports.kernelAtLeast("Linux", "6.12.9-arch1", 6, 13)).isFalse();
        assertThat(Transports.kernelAtLeast("Linux", "5.15.0-91-generic", 6, 13)).isFalse();
        assertThat(Transports.kernelAtLeast("Linux", "garbage", 6, 13)).isFalse();
        assertThat(Transports.kernelAtLeast("Mac OS X", "24.1", 6, 13)).isFalse();
    }
}
