package dev.weft.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
    @Test
    void exactPathsWinThenTheLongestPrefix() {
        HttpEndpoint exact = (ctx, req) -> { };
        HttpEndpoint shortPrefix = (ctx, req) -> { };
        HttpEndpoint longPrefix = (ctx, req) -> { };
        Routes routes = new Routes(Map.of("/api/turn/allocations", exact, "/api/*", shortPrefix,
                "/api/turn/allocations/*", longPrefix));
        assertThat(routes.find("/api/turn/allocations")).isSameAs(exact);
        assertThat(routes.find("/api/turn/allocations/abc")).isSameAs(longPrefix);
        assertThat(routes.find("/api/lobby")).isSameAs(shortPrefix);
        assertThat(routes.find("/other")).isNull();
    }
}
