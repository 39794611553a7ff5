package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.weft.node.overlay.OverlaySettings;
import dev.weft.node.testing.Await;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The group chat app at /chat/ in Chromium, pages served by two nodes of one network. */
class ChatAppBrowserTest {
    private static Chromium chromium;
    private static TestNode a;
    private static TestNode b;
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        a = TestNode.startOn(OverlayBrowserTest.freePort(), x -> x);
        b = TestNode.startOn(OverlayBrowserTest.freePort(), x -> x.extension(OverlaySettings.class,
                new OverlaySettings(List.of("ws://127.0.0.1:" + a.port() + "/overlay"), null, null)));
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        b.close();
        a.close();
    }

    private Page open(TestNode node, String hash) {
        Page p = chromium.page(node.http() + "/chat/" + hash);
        pages.add(p);
        p.waitForFunction("() => window.chat && window.chat.net");
        return p;
    }

    private static void await(String what, BooleanSupplier check) {
        Await.until(what, Duration.ofSeconds(20), Duration.ofMillis(100), check);
    }

    private static String text(Page p, String testId) {
        return p.getByTestId(testId).textContent();
    }

    private static double num(Page p, String js) {
        return ((Number) p.evaluate(js)).doubleValue();
    }

    @Test
    void aGroupChatsAndWatchesInStep() throws Exception {
        try {
            Page alice = open(a, "");
            alice.getByTestId("my-name").fill("alice");
            alice.getByTestId("new-group").click();
            alice.waitForFunction("() => window.chat.group");
            String group = text(alice, "group-id");
            assertThat(group).matches("g-[a-z0-9]{10}");

            Page bob = open(b, "#" + group);                  // a link with the group in the hash
            bob.getByTestId("my-name").fill("bob");
            Page carol = open(a, "");
            carol.getByTestId("join").fill(a.http() + "/chat/#" + group);   // the join box takes a link
            carol.getByTestId("join-button").click();
            for (Page p : List.of(bob, carol)) {
                p.waitForFunction("() => window.chat.group");
                assertThat(text(p, "group-id")).isEqualTo(group);
            }
            await("everyone has a neighbour", () -> pages.stream().allMatch(p ->
                    text(p, "neighbors").matches("there are [1-9]\\d* neighbors….*")));
            assertThat(text(alice, "neighbors")).contains("ws://127.0.0.1:" + a.port());

            alice.getByTestId("message").fill("hello group");
            alice.getByTestId("send").click();
            for (Page p : List.of(bob, carol)) {
                p.getByTestId("messages").getByText("alice: hello group").waitFor();
            }
            bob.getByTestId("message").fill("hi alice");
            bob.getByTestId("send").click();
            alice.getByTestId("messages").getByText("bob: hi alice").waitFor();
            assertThat(alice.getByTestId("messages").locator("li").count()).isEqualTo(2);

            // Synced media: alice shares a same-origin video URL, plays, then pauses at 5 s.
            alice.getByTestId("media-url").fill("/chat/sample.wav"); // each member loads it from its own node
            alice.getByTestId("media-set").click();
            await("everyone loaded the media", () -> pages.stream().allMatch(p -> num(p, "() => document.getElementById('media').readyState") >= 1));
            alice.evaluate("() => document.getElementById('media').play()");
            await("bob and carol play", () -> List.of(bob, carol).stream().allMatch(p ->
                    Boolean.FALSE.equals(p.evaluate("() => document.getElementById('media').paused"))));
            alice.evaluate("() => { const v = document.getElementById('media'); v.pause(); }");
            Thread.sleep(500);
            alice.evaluate("() => { document.getElementById('media').currentTime = 5; }");
            await("bob and carol paused at 5 s", () -> List.of(bob, carol).stream().allMatch(p ->
                    Boolean.TRUE.equals(p.evaluate("() => document.getElementById('media').paused"))
                            && Math.abs(num(p, "() => document.getElementById('media').currentTime") - 5) < 0.3));

            // A late joiner gets the current state.
            Page dave = open(b, "#" + group);
            await("dave is at 5 s, paused, with the same media", () ->
                    String.valueOf(dave.evaluate("() => window.chat.media && window.chat.media.url")).endsWith("/chat/sample.wav")
                            && num(dave, "() => document.getElementById('media').readyState") >= 1
                            && Math.abs(num(dave, "() => document.getElementById('media').currentTime") - 5) < 0.3
                            && Boolean.TRUE.equals(dave.evaluate("() => document.getElementById('media').paused")));
            // Carol plays: last writer wins everywhere.
            carol.evaluate("() => document.getElementById('media').play()");
            await("everyone plays again", () -> pages.stream().allMatch(p ->
                    Boolean.FALSE.equals(p.evaluate("() => document.getElementById('media').paused"))));
        } finally {
            pages.forEach(Chromium::closePage);
        }
    }

    @Test
    void theNetworkPageShowsThisNodesLinks() {
        Page p = chromium.page(a.http() + "/network/");
        try {
            p.getByTestId("graph").locator("g.node").first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setState(WaitForSelectorState.ATTACHED));
            assertThat(text(p, "summary")).contains("links").contains("DHT 0");
            assertThat(text(p, "known")).contains("ws://127.0.0.1:" + b.port() + "/overlay");
        } finally {
            Chromium.closePage(p);
        }
    }
}
