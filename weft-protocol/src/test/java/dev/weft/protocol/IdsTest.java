package dev.weft.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idRules() {
        assertThat(Ids.isValidId("a")).isTrue();
        assertThat(Ids.isValidId("Alice_01-x")).isTrue();
        assertThat(Ids.isValidId("a".repeat(64))).isTrue();
        assertThat(Ids.isValidId("a".repeat(65))).isFalse();
        assertThat(Ids.isValidId("")).isFalse();
        assertThat(Ids.isValidId("_a")).isFalse();
        assertThat(Ids.isValidId("a b")).isFalse();
        assertThat(Ids.isValidId("é")).isFalse();
        assertThat(Ids.isValidId("a/b")).isFalse();
    }

    @Test
    void generatedIdsAndTokensFollowTheRules() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Ids.isValidId(Ids.newId())).isTrue();
            assertThat(Ids.isValidToken(Ids.newToken())).isTrue();
        }
        assertThat(Ids.newId()).isNotEqualTo(Ids.newId());
    }

    @Test
    void tokenRules() {
        assertThat(Ids.isValidToken("x".repeat(16))).isTrue();
        assertThat(Ids.isValidToken("x".repeat(15))).isFalse();
        assertThat(Ids.isValidToken("x".repeat(129))).isFalse();
        assertThat(Ids.isValidToken("x".repeat(15) + " ")).isFalse();
    }
}
