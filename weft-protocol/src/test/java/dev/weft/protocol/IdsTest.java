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
    void generatedCharactersAreSpreadEvenlyOverTheAlphabet() {
        java.util.Map<Character, Integer> idChars = new java.util.HashMap<>();
        java.util.Map<Character, Integer> tokenChars = new java.util.HashMap<>();
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            Ids.newId().chars().forEach(c -> idChars.merge((char) c, 1, Integer::sum));
            Ids.newToken().chars().forEach(c -> tokenChars.merge((char) c, 1, Integer::sum));
        }
        // 33 id letters and 64 token letters, each expected equally often (no modulo bias); 8 % tolerance is
        // more than 6 standard deviations at these counts.
        assertThat(idChars).hasSize(33);
        double idExpected = rounds * (double) Ids.GENERATED_ID_LENGTH / 33;
        assertThat(idChars.values()).allSatisfy(n -> assertThat(n).isBetween((int) (idExpected * 0.92),
                (int) (idExpected * 1.08)));
        assertThat(tokenChars).hasSize(64);
        double tokenExpected = rounds * (double) Ids.GENERATED_TOKEN_LENGTH / 64;
        assertThat(tokenChars.values()).allSatisfy(n -> assertThat(n).isBetween((int) (tokenExpected * 0.92),
                (int) (tokenExpected * 1.08)));
    }

    @Test
    void tokenRules() {
        assertThat(Ids.isValidToken("x".repeat(16))).isTrue();
        assertThat(Ids.isValidToken("x".repeat(15))).isFalse();
        assertThat(Ids.isValidToken("x".repeat(129))).isFalse();
        assertThat(Ids.isValidToken("x".repeat(15) + " ")).isFalse();
    }
}
