package dev.weft.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.node.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the node's CLI in-process and checks how it refuses bad flags. */
public final class Cli {
    private Cli() {
    }

    /** Exit code and stderr of {@code weft-node args...} (only for arguments that make it exit). */
    public record Result(int code, String err) {
    }

    public static Result run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    /** Asserts the flags are refused the documented way: exit code 2 and one line on stderr, no stack trace. */
    public static void assertRejected(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("weft-node: ").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
