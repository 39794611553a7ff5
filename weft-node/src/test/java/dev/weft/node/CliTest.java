package dev.weft.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {
    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void invalidFlagsAndValuesGiveOneLineAndExitCode2() {
        for (String[] args : new String[][] {
                {"--bogus"}, {"--port", "abc"}, {"--port", "70000"}, {"--ice-server", "http://x"},
                {"--heartbeat-timeout", "1s"}, {"--heartbeat-interval", "soon"}, {"--rate-limit", "0"},
                {"--peer", "http://other:8080"}, {"--peer", "ws://"}, {"--overlay-url", "not a url"}}) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("weft-node: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
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
