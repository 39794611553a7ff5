package dev.weft.node.browser;

import static dev.weft.node.browser.SharePages.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transfer under stress: a big file, a dropped connection, a damaged chunk. */
class ShareTransferBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start();
        chromium = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
    }

    @AfterAll
    static void stop() {
        chromium.close();
        node.close();
    }

    @AfterEach
    void close() {
        pages.forEach(Chromium::closePage);
    }

    private Page[] pair(String name, long size, int seed) {
        Page sender = SharePages.sender(chromium, node.http());
        pages.add(sender);
        SharePages.addGenerated(sender, name, size, seed);
        Page rx = SharePages.receiver(chromium, SharePages.link(sender), 1);
        pages.add(rx);
        return new Page[] {sender, rx};
    }

    private static void waitReceived(Page rx, long bytes) {
        rx.waitForFunction("n => share.transfers.get(0)?.received > n", (double) bytes,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(20));
    }

    @Test
    void a200MbFileArrivesWithTheSameSha256AndSavesToDisk() throws Exception {
        long size = 200L << 20;
        Page[] p = pair("big.bin", size, 2026);
        String expected = SharePages.sha256(SharePages.xorshift(size, 2026));
        SharePages.row(p[1], "big.bin").getByTestId("download").click();
        assertThat(SharePages.waitVerified(p[1], "big.bin")).isEqualTo(expected);
        Path saved = SharePages.save(p[1], "big.bin");
        assertThat(Files.size(saved)).isEqualTo(size);
        assertThat(SharePages.sha256(saved)).isEqualTo(expected);
    }

    @Test
    void theShareAppHashesWithTheWebAssemblyRoundsOnThePageAndInWorkers() {
        Page page = SharePages.sender(chromium, node.http());
        pages.add(page);
        // sha256-wasm.js falls back to JavaScript rounds where WebAssembly is refused (a CSP, a policy): not here.
        // The first Sha256 starts the compile; the hasher switches to the module once it is ready.
        String check = """
                const w = await import(`${origin}/weft.js`); const m = await import(`${origin}/weft/transfer/sha256-wasm.js`);
                const before = m.compressor; const h = new w.Sha256();
                for (let i = 0; i < 100 && !m.compressor; i++) await new Promise((r) => setTimeout(r, 20));
                const ok = before === null && m.compressor !== null
                  && h.update(new TextEncoder().encode('abc')).digestHex() === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
                """;
        Object onPage = page.evaluate("async () => { const origin = location.origin; " + check + " return ok; }");
        Object inWorker = page.evaluate("""
                (check) => new Promise((resolve, reject) => {
                  const src = `const origin = ${JSON.stringify(location.origin)}; (async () => { ${check} postMessage(ok); })();`;
                  const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
                  w.onmessage = (ev) => { w.terminate(); resolve(ev.data); };
                  w.onerror = (ev) => reject(new Error(ev.message));
                })""", check);
        assertThat(List.of(onPage, inWorker)).containsExactly(true, true);
    }

    @Test
    void aClosedDataChannelResumesFromTheLastByteAndTheHashMatches() {
        long size = 48L << 20;
        Page[] p = pair("resume.bin", size, 5);
        SharePages.row(p[1], "resume.bin").getByTestId("download").click();
        waitReceived(p[1], 8L << 20);
        // The network drops this receiver's channel mid-way (closed from the sender's side).
        p[0].evaluate("() => { for (const s of share.sender.sessions) s.conn.channel.close(); }");
        assertThat(SharePages.waitVerified(p[1], "resume.bin")).isEqualTo(SharePages.sha256(SharePages.xorshift(size, 5)));
        assertResumed(p, size);
    }

    @Test
    void aClosedPeerConnectionResumesToo() {
        long size = 48L << 20;
        Page[] p = pair("resume-pc.bin", size, 6);
        SharePages.row(p[1], "resume-pc.bin").getByTestId("download").click();
        waitReceived(p[1], 8L << 20);
        // The receiver's whole RTCPeerConnection goes away, as on a network change.
        p[1].evaluate("() => { for (const link of share.peer._links.values()) link.pc.close(); }");
        assertThat(SharePages.waitVerified(p[1], "resume-pc.bin")).isEqualTo(SharePages.sha256(SharePages.xorshift(size, 6)));
        assertResumed(p, size);
    }

    @Test
    void aReloadedReceiverContinuesFromItsLastCheckpointAndTheHashMatches() {
        long size = 40L << 20;
        Page[] p = pair("reload.bin", size, 8);
        SharePages.row(p[1], "reload.bin").getByTestId("download").click();
        // at least two checkpoints (every 4 MiB on disk) stored
        p[1].waitForFunction("() => (JSON.parse(localStorage.getItem('weft.share.resume') || '{}')[Object.keys("
                + "JSON.parse(localStorage.getItem('weft.share.resume') || '{}'))[0]]?.at ?? 0) >= 8 << 20", null,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(20));
        p[1].reload();
        String sha;
        try {
            sha = SharePages.waitVerified(p[1], "reload.bin");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("not verified after the reload; status: " + p[1].getByTestId("status").textContent()
                    + "; row: " + SharePages.row(p[1], "reload.bin").textContent(), e);
        }
        assertThat(sha).isEqualTo(SharePages.sha256(SharePages.xorshift(size, 8)));
        // The reloaded page (a new peer id, a new connection) asked for the rest, not for the whole file.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> requests = (List<Map<String, Object>>) p[0].evaluate(
                "(id) => [...share.sender.sessions].filter((s) => s.peer === id).flatMap((s) => s.requests)",
                p[1].evaluate("share.peer.id"));
        assertThat(requests).hasSize(1);
        assertThat(((Number) requests.get(0).get("offset")).doubleValue()).isGreaterThanOrEqualTo(8L << 20).isLessThan(size);
        // The checkpoint is gone once the file is verified.
        assertThat(p[1].evaluate("() => localStorage.getItem('weft.share.resume')")).isEqualTo("{}");
    }

    /** The receiver reconnected and asked for the rest, not for the whole file again. */
    private static void assertResumed(Page[] p, long size) {
        assertThat((Integer) p[1].evaluate("share.receiver.reconnects")).isGreaterThanOrEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> requests = (List<Map<String, Object>>) p[0].evaluate(
                "() => [...share.sender.sessions].flatMap((s) => s.requests)");
        assertThat(requests).hasSize(1); // the first session closed; the live one has the resumed request
        double offset = ((Number) requests.get(0).get("offset")).doubleValue();
        assertThat(offset).isGreaterThan(8L << 20).isLessThan(size);
    }

    @Test
    void aCorruptedChunkIsDetectedAndNothingIsSaved() {
        Page[] p = pair("damaged.bin", 3L << 20, 9);
        // Flip one byte in the payload of the 5th chunk the sender's page puts on a DataChannel.
        p[0].evaluate("""
                () => { const send = RTCDataChannel.prototype.send; let n = 0;
                  RTCDataChannel.prototype.send = function (d) {
                    if (d instanceof Uint8Array && d.length > 1000 && ++n === 5) { d = d.slice(); d[500] ^= 0x40; }
                    return send.call(this, d);
                  }; }""");
        SharePages.row(p[1], "damaged.bin").getByTestId("download").click();
        Locator err = SharePages.row(p[1], "damaged.bin").getByTestId("file-error");
        PlaywrightAssertions.assertThat(err).hasAttribute("data-code", "INTEGRITY_FAILED");
        PlaywrightAssertions.assertThat(p[1].getByTestId("status")).hasAttribute("data-code", "INTEGRITY_FAILED");
        PlaywrightAssertions.assertThat(SharePages.row(p[1], "damaged.bin").getByTestId("verified")).hasCount(0);
        PlaywrightAssertions.assertThat(SharePages.row(p[1], "damaged.bin").getByTestId("save")).hasCount(0);
        // The sender is told the copy failed verification.
        PlaywrightAssertions.assertThat(p[0].getByTestId("receivers").locator("li")).containsText("damaged");
    }
}
