package dev.weft.node.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright, with the flags that keep WebRTC on loopback and give it a fake
 * camera and microphone. Every page gets {@code globalThis.weftConfig} with a candidate filter that keeps
 * only 127.0.0.1 candidates, so ICE never leaves the machine (docs/architecture.md, "Testing").
 */
public final class Chromium implements AutoCloseable {
    /** Used by weft.js as page-wide defaults; see clients/js/README.md. */
    public static final String LOOPBACK_ONLY =
            "globalThis.weftConfig = Object.assign({ candidateFilter: (c) => c.address === '127.0.0.1' },"
                    + " globalThis.weftConfig || {});";

    public static final List<String> ARGS = List.of(
            "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
            "--disable-background-networking", "--disable-component-update", "--no-pings",
            "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-sync",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium() {
        String exe = System.getProperty("weft.chromium", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(exe))) {
            throw new IllegalStateException("Chromium not found at " + exe
                    + ": install it (apt-get install chromium) or run scripts/test.sh, which does");
        }
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(exe)).setHeadless(true).setArgs(ARGS));
    }

    public static Chromium launch() {
        return new Chromium();
    }

    /** A fresh, isolated page (own context: own storage) with the loopback-only ICE filter. */
    public Page page(String url) {
        BrowserContext ctx = browser.newContext();
        ctx.addInitScript(LOOPBACK_ONLY);
        Page page = ctx.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) || "warning".equals(m.type())) {
                System.out.println("[page " + url + "] " + m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> System.out.println("[page " + url + "] uncaught: " + e));
        page.navigate(url);
        return page;
    }

    public static void closePage(Page page) {
        if (page != null) {
            page.context().close();
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
