package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /call/ app as a person uses it: two tabs, names, Connect, chat, Call, Hang up. */
class CallAppBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private Page alice;
    private Page bob;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        chromium = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(15000);
    }

    @AfterAll
    static void stop() {
        chromium.close();
        node.close();
    }

    @AfterEach
    void close() {
        Chromium.closePage(alice);
        Chromium.closePage(bob);
    }

    private Page tab(String me, String other) {
        Page p = chromium.page(node.http() + "/call/");
        p.getByTestId("my-name").fill(me);
        p.getByTestId("peer-name").fill(other);
        return p;
    }

    private static void say(Page p, String text) {
        p.getByTestId("message").fill(text);
        p.getByTestId("send").click();
    }

    private static void assertVideoPlays(Page p) {
        // The far side decodes frames: the element has a size and its clock moves.
        p.waitForFunction("""
                () => { const v = document.querySelector('[data-testid=remote-video]');
                        return v.srcObject && v.videoWidth > 0 && v.currentTime > 0.5; }""",
                null, new Page.WaitForFunctionOptions().setTimeout(20000));
    }

    @Test
    void whoeverConnectsFirstWaitsThenTheyChatAndVideoCall() {
        alice = tab("alice", "bob");
        alice.getByTestId("connect").click();
        PlaywrightAssertions.assertThat(alice.getByTestId("status")).containsText("Waiting for bob");
        Locator aliceBox = alice.getByTestId("message");
        PlaywrightAssertions.assertThat(aliceBox).isDisabled();

        bob = tab("bob", "alice");
        bob.getByTestId("connect").click();
        // The message box turns green (class "ready") on both sides once the DataChannel is open.
        PlaywrightAssertions.assertThat(bob.getByTestId("message")).hasClass(Pattern.compile("\\bready\\b"));
        PlaywrightAssertions.assertThat(aliceBox).hasClass(Pattern.compile("\\bready\\b"));
        assertThat(aliceBox.evaluate("e => getComputedStyle(e).backgroundColor")).isEqualTo("rgb(234, 248, 238)");

        say(alice, "hi bob");
        PlaywrightAssertions.assertThat(bob.getByTestId("messages")).containsText("alice: hi bob");
        say(bob, "hello alice");
        PlaywrightAssertions.assertThat(alice.getByTestId("messages")).containsText("bob: hello alice");
        PlaywrightAssertions.assertThat(alice.getByTestId("messages")).containsText("me: hi bob");

        alice.getByTestId("call").click();
        assertVideoPlays(alice);
        assertVideoPlays(bob);
        PlaywrightAssertions.assertThat(alice.getByTestId("status")).containsText("In a call with bob");
        assertThat(alice.evaluate("document.querySelector('[data-testid=local-video]').srcObject !== null"))
                .isEqualTo(true);

        bob.getByTestId("hangup").click();
        alice.waitForFunction("() => document.querySelector('[data-testid=remote-video]').srcObject === null");
        bob.waitForFunction("() => document.querySelector('[data-testid=remote-video]').srcObject === null");
        PlaywrightAssertions.assertThat(alice.getByTestId("hangup")).isDisabled();
        // The chat survives the call.
        say(bob, "still here");
        PlaywrightAssertions.assertThat(alice.getByTestId("messages")).containsText("bob: still here");
    }

    @Test
    void bothPressingConnectAtOnceStillConnects() {
        alice = tab("carol", "dave");
        bob = tab("dave", "carol");
        alice.getByTestId("connect").click();
        bob.getByTestId("connect").click();
        PlaywrightAssertions.assertThat(alice.getByTestId("message")).hasClass(Pattern.compile("\\bready\\b"));
        PlaywrightAssertions.assertThat(bob.getByTestId("message")).hasClass(Pattern.compile("\\bready\\b"));
        say(alice, "ping");
        PlaywrightAssertions.assertThat(bob.getByTestId("messages")).containsText("carol: ping");
        say(bob, "pong");
        PlaywrightAssertions.assertThat(alice.getByTestId("messages")).containsText("dave: pong");
    }

    @Test
    void aTakenNameIsReportedClearly() {
        alice = tab("erin", "frank");
        alice.getByTestId("connect").click();
        PlaywrightAssertions.assertThat(alice.getByTestId("status")).containsText("Waiting for frank");
        bob = tab("erin", "someone");
        bob.getByTestId("connect").click();
        PlaywrightAssertions.assertThat(bob.getByTestId("status")).containsText("The name erin is taken");
    }
}
