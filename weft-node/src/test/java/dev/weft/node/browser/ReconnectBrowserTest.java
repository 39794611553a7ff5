package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signaling socket drops (the node restarts) and weft.js comes back by itself with the same id. */
class ReconnectBrowserTest {
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
    }

    @Test
    void aPeerSurvivesANodeRestartWithItsIdAndIsReachableAgain() {
        TestNode node = TestNode.start();
        int port = node.port();
        Page a = chromium.page(node.http() + "/");
        Page b = null;
        try {
            Map<?, ?> opened = (Map<?, ?>) a.evaluate(WeftJsBrowserTest.OPEN, Map.of("id", "phoenix", "server", ""));
            assertThat(opened.get("id")).isEqualTo("phoenix");
            String token = (String) a.evaluate("peer.token");

            node.close();
            a.waitForFunction("log.events.includes('disconnected')", null,
                    new Page.WaitForFunctionOptions().setTimeout(10000));
            node = TestNode.startOn(port, x -> x);
            a.waitForFunction("log.events.includes('reconnected')", null,
                    new Page.WaitForFunctionOptions().setTimeout(15000));
            assertThat(a.evaluate("peer.id")).isEqualTo("phoenix");
            assertThat(a.evaluate("peer.token")).isEqualTo(token);
            assertThat(node.node().signaling().isOnline("phoenix")).isTrue();

            b = chromium.page(node.http() + "/");
            b.evaluate(WeftJsBrowserTest.OPEN, Map.of("id", "visitor", "server", ""));
            Map<?, ?> r = (Map<?, ?>) b.evaluate(WeftJsBrowserTest.CONNECT, Map.of("to", "phoenix", "options", Map.of()));
            assertThat(r.get("ok")).as(String.valueOf(r)).isEqualTo(true);
            b.evaluate("outgoing.send('welcome back')");
            a.waitForFunction("log.data.includes('welcome back')", null,
                    new Page.WaitForFunctionOptions().setTimeout(10000));
        } finally {
            Chromium.closePage(a);
            Chromium.closePage(b);
            node.close();
        }
    }
}
