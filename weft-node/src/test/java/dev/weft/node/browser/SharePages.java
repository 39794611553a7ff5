package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Drives the /share/ app's two sides, and makes test files the page and Java agree on. */
final class SharePages {
    static final int TIMEOUT_MS = 60_000;

    /**
     * Generates a File in the page from xorshift32(seed), as little-endian 32-bit words, and gives it to the
     * app through its file input (as a user's pick would). Same bytes as {@link #xorshift}.
     */
    static final String ADD_GENERATED = """
            ({size, seed, name}) => {
              const parts = []; let x = seed >>> 0; const CH = 1 << 20;
              for (let at = 0; at < size; at += CH) {
                const n = Math.min(CH, size - at); const u = new Uint32Array(Math.ceil(n / 4));
                for (let i = 0; i < u.length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; u[i] = x; }
                parts.push(new Uint8Array(u.buffer, 0, n));
              }
              const dt = new DataTransfer();
              dt.items.add(new File(parts, name, { type: 'application/octet-stream' }));
              const input = document.querySelector('[data-testid=file-input]');
              input.files = dt.files;
              input.dispatchEvent(new Event('change'));
            }""";

    private SharePages() {}

    /** A sender page with its link ready. */
    static Page sender(Chromium chromium, String http) {
        Page p = chromium.page(http + "/share/");
        p.waitForFunction("() => document.querySelector('[data-testid=share-link]').value.includes('#')", null,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
        return p;
    }

    static String link(Page sender) {
        return sender.getByTestId("share-link").inputValue();
    }

    /** A receiver page on the link that stages in the origin-private file system (Save links), once it shows `files` rows. */
    static Page receiver(Chromium chromium, String link, int files) {
        return receiver(chromium, link, files, "opfs");
    }

    /**
     * A receiver page whose app saves the given way (apps/share/save.js: "picker", "stream" or "opfs"; the
     * test hook {@code window.weftShareSave}), once it shows `files` rows.
     */
    static Page receiver(Chromium chromium, String link, int files, String mode) {
        Page p = open(chromium, link, "window.weftShareSave = '" + mode + "';");
        waitRows(p, files);
        return p;
    }

    /** A page on `url` with an init script that runs before the app. */
    static Page open(Chromium chromium, String url, String initScript) {
        Page p = chromium.page("about:blank");
        p.addInitScript(initScript);
        p.navigate(url);
        return p;
    }

    static void waitRows(Page p, int n) {
        p.waitForFunction("n => document.querySelectorAll('[data-testid=file-list] tr').length === n", n,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    }

    static void addGenerated(Page sender, String name, long size, int seed) {
        sender.evaluate(ADD_GENERATED, Map.of("size", (double) size, "seed", seed, "name", name));
    }

    static Locator row(Page p, String name) {
        return p.locator("[data-testid=file-list] tr").filter(new Locator.FilterOptions().setHasText(name));
    }

    /** Waits for a row to be verified and returns the SHA-256 the page computed. */
    static String waitVerified(Page p, String name) {
        Locator ok = row(p, name).getByTestId("verified");
        ok.waitFor(new Locator.WaitForOptions().setTimeout(TIMEOUT_MS));
        return ok.getAttribute("data-sha256");
    }

    /** Clicks the row's Save link and returns the downloaded file's bytes. */
    static Path save(Page p, String name) {
        Download d = p.waitForDownload(() -> row(p, name).getByTestId("save").click());
        assertThat(d.suggestedFilename()).isEqualTo(name);
        return d.path();
    }

    static byte[] xorshift(long size, int seed) {
        byte[] out = new byte[(int) size];
        int x = seed;
        for (int at = 0; at < size; at += 4) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            for (int b = 0; b < 4 && at + b < size; b++) {
                out[at + b] = (byte) (x >>> (8 * b));
            }
        }
        return out;
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
