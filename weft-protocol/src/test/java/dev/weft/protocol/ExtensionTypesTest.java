package dev.weft.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtensionTypesTest {
    @Test
    void registeredExtensionTypesAreReadAsExtensionsAndOthersStayUnknown() throws Exception {
        ClientMessageReader reader = new ClientMessageReader(Set.of("lobby-watch"));
        ClientMessage m = reader.read("{\"type\":\"lobby-watch\",\"ref\":\"w1\",\"filter\":{\"mode\":\"dm\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(m).isEqualTo(new ClientMessage.Extension("lobby-watch", "w1"));
        assertThatThrownBy(() -> reader.read("{\"type\":\"lobby-other\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
    }

    @Test
    void extensionsCannotShadowCoreTypes() {
        assertThatThrownBy(() -> new ClientMessageReader(Set.of("offer"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientMessageReader(Set.of("register"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientMessageReader(Set.of("Bad Type"))).isInstanceOf(IllegalArgumentException.class);
    }
}
