package dev.weft.protocol.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassicReaderTest {
    private final ClassicReader reader = new ClassicReader();

    private ClassicMessage read(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return reader.read(b, 0, b.length);
    }

    @Test
    void typesAsTheSeedPrintsThem() {
        assertThat(read("{\"type\":\"login\",\"name\":\"小明\"}")).satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ClassicMessage.Kind.LOGIN);
            assertThat(m.name()).isEqualTo("小明");
        });
        assertThat(read("{}").typeText()).isEqualTo("undefined");
        assertThat(read("{\"type\":7}").typeText()).isEqualTo("7");
        assertThat(read("{\"type\":null}").typeText()).isEqualTo("null");
        assertThat(read("5").kind()).isEqualTo(ClassicMessage.Kind.UNKNOWN);
        assertThat(read("null").typeText()).isEqualTo("undefined");
        assertThat(read("{bad").kind()).isEqualTo(ClassicMessage.Kind.INVALID_JSON);
        assertThat(read("").kind()).isEqualTo(ClassicMessage.Kind.INVALID_JSON);
        assertThat(read("{} {}").kind()).isEqualTo(ClassicMessage.Kind.INVALID_JSON);
    }

    @Test
    void offerIsForwardedAsWritten() {
        String s = "{\"name\":\"bob\",\"offer\":{ \"sdp\" : \"v=0\" },\"type\":\"offer\"}";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ClassicMessage m = reader.read(b, 0, b.length);
        assertThat(new String(ClassicMessages.offer(b, m.valueOffset(), m.valueLength(), "alice"),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"offer\",\"offer\":{ \"sdp\" : \"v=0\" },\"name\":\"alice\"}");
    }

    @Test
    void namesRule() {
        assertThat(ClassicNames.isValid("小明")).isTrue();
        assertThat(ClassicNames.isValid("")).isFalse();
        assertThat(ClassicNames.isValid("  ")).isFalse();
        assertThat(ClassicNames.isValid("a\nb")).isFalse();
        assertThat(ClassicNames.isValid("x".repeat(65))).isFalse();
    }
}
