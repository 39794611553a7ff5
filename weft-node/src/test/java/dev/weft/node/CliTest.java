package dev.weft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.testing.Cli;
import org.junit.jupiter.api.Test;

class CliTest {
    @Test
    void invalidFlagsAndValuesGiveOneLineAndExitCode2() {
        for (String[] args : new String[][] {
                {"--bogus"}, {"--port", "abc"}, {"--port", "70000"}, {"--ice-server", "http://x"},
                {"--heartbeat-timeout", "1s"}, {"--heartbeat-interval", "soon"}, {"--rate-limit", "0"},
                {"--peer", "http://other:8080"}, {"--peer", "ws://"}, {"--overlay-url", "not a url"},
                {"--turn-user", "nocolon"}, {"--admin-token", "short"}, {"--turn-min-port", "10"},
                {"--turn-tls-port", "5349"}, {"--turn-port", "70000"}, {"--turn-credential-ttl", "0s"},
                {"--io-threads", "-1"}, {"--io-threads", "5000"}}) {
            Cli.assertRejected(args);
        }
    }

    @Test
    void eventLoopsDefaultToOnePerCore() {
        assertThat(NodeConfig.builder().build().eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(NodeConfig.builder().ioThreads(3).build().eventLoops()).isEqualTo(3);
    }

    @Test
    void iceServerUrisAreParsedStrictly() {
        IceServer t = IceServer.parse("turn:alice:s3cret@turn.example.com:3478?transport=udp");
        assertThat(t.url()).isEqualTo("turn:turn.example.com:3478?transport=udp");
        assertThat(t.username()).isEqualTo("alice");
        assertThat(t.credential()).isEqualTo("s3cret");
        assertThat(IceServer.parse("stun:[::1]:3478").url()).isEqualTo("stun:[::1]:3478");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IceServer.parse("stun:u:p@host"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
