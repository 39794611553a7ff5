package dev.weft.node.browser;

import static dev.weft.node.browser.SharePages.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the receiver's file goes (apps/share/save.js): a browser download streamed through the app's service
 * worker, a file the user picked (File System Access), and the refusals. Headless Chromium cannot show the
 * save dialog, so the picker tests replace {@code showSaveFilePicker} with a test hook that returns a real
 * FileSystemFileHandle (in the origin-private file system) or rejects the way a cancelled dialog does; the
 * writing through {@code createWritable()} in the worker is the real one.
 */
class ShareSaveBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private final List<Page> pages = new ArrayList<>();

    /** Stands in for the save dialog: the "picked" file is a real file handle in the origin-private file system. */
    private static final String PICKER_HOOK = """
            window.weftShareSave = 'picker';
            window.showSaveFilePicker = async (o) => {
              window.picked = o.suggestedName;
              const dir = await navigator.storage.getDirectory();
              return dir.getFileHandle('picked-' + o.suggestedName, { create: true });
            };""";

    /** SHA-256 (WebCrypto) of the picked file as the page reads it back from disk. */
    private static final String PICKED_SHA256 = """
            async () => { const dir = await navigator.storage.getDirectory();
              const f = await (await dir.getFileHandle('picked-' + window.picked)).getFile();
              const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await f.arrayBuffer()));
              return { size: f.size, sha256: Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('') }; }""";

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

    private Page sender(String name, long size, int seed) {
        Page sender = SharePages.sender(chromium, node.http());
        pages.add(sender);
        SharePages.addGenerated(sender, name, size, seed);
        return sender;
    }

    private Page receiver(Page sender, String init) {
        Page rx = SharePages.open(chromium, SharePages.link(sender), init);
        pages.add(rx);
        SharePages.waitRows(rx, 1);
        return rx;
    }

    @Test
    void aStreamedDownloadThroughTheServiceWorkerSavesTheVerifiedFile() throws Exception {
        long size = (24L << 20) + 12345;
        Page sender = sender("streamed.bin", size, 31);
        Page rx = receiver(sender, "window.weftShareSave = 'stream';");
        assertThat(rx.evaluate("share.mode")).isEqualTo("stream");
        Download d = rx.waitForDownload(() -> SharePages.row(rx, "streamed.bin").getByTestId("download").click());
        assertThat(d.suggestedFilename()).isEqualTo("streamed.bin");
        String expected = SharePages.sha256(SharePages.xorshift(size, 31));
        assertThat(SharePages.waitVerified(rx, "streamed.bin")).isEqualTo(expected);
        Path saved = d.path();
        assertThat(d.failure()).isNull();
        assertThat(Files.size(saved)).isEqualTo(size);
        assertThat(SharePages.sha256(saved)).isEqualTo(expected);
        // No copy was staged in the browser's storage: the bytes went to the download only.
        assertThat(rx.evaluate("""
                async () => { try { const d = await (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share');
                  let n = 0; for await (const e of d.keys()) n++; return n; } catch { return 0; } }""")).isEqualTo(0);
    }

    @Test
    void aDamagedStreamedFileFailsTheDownloadInsteadOfCompletingIt() {
        Page sender = sender("bad-stream.bin", 3L << 20, 12);
        sender.evaluate("""
                () => { const send = RTCDataChannel.prototype.send; let n = 0;
                  RTCDataChannel.prototype.send = function (d) {
                    if (d instanceof Uint8Array && d.length > 1000 && ++n === 5) { d = d.slice(); d[500] ^= 0x40; }
                    return send.call(this, d);
                  }; }""");
        Page rx = receiver(sender, "window.weftShareSave = 'stream';");
        Download d = rx.waitForDownload(() -> SharePages.row(rx, "bad-stream.bin").getByTestId("download").click());
        PlaywrightAssertions.assertThat(SharePages.row(rx, "bad-stream.bin").getByTestId("file-error"))
                .hasAttribute("data-code", "INTEGRITY_FAILED");
        assertThat(d.failure()).isNotNull(); // the browser marks the download failed; no file is kept
        PlaywrightAssertions.assertThat(SharePages.row(rx, "bad-stream.bin").getByTestId("verified")).hasCount(0);
    }

    @Test
    void thePickedFileIsWrittenAsDataArrivesAndMatches() {
        long size = (12L << 20) + 3;
        Page sender = sender("picked.bin", size, 77);
        Page rx = receiver(sender, PICKER_HOOK);
        assertThat(rx.evaluate("share.mode")).isEqualTo("picker");
        SharePages.row(rx, "picked.bin").getByTestId("download").click();
        String expected = SharePages.sha256(SharePages.xorshift(size, 77));
        assertThat(SharePages.waitVerified(rx, "picked.bin")).isEqualTo(expected);
        @SuppressWarnings("unchecked")
        var onDisk = (java.util.Map<String, Object>) rx.evaluate(PICKED_SHA256);
        assertThat(((Number) onDisk.get("size")).longValue()).isEqualTo(size);
        assertThat(onDisk.get("sha256")).isEqualTo(expected);
        PlaywrightAssertions.assertThat(SharePages.row(rx, "picked.bin").getByTestId("verified")).containsText("saved");
    }

    @Test
    void downloadAllWithThePickerWritesEveryFileIntoOnePickedFolder() {
        Page sender = SharePages.sender(chromium, node.http());
        pages.add(sender);
        SharePages.addGenerated(sender, "one.bin", 1_000_001, 5);
        SharePages.addGenerated(sender, "two.bin", 3_000_017, 6);
        Page rx = SharePages.open(chromium, SharePages.link(sender), """
                window.weftShareSave = 'picker';
                window.showSaveFilePicker = async () => { throw new Error('Download all opens one folder dialog, not one per file'); };
                window.showDirectoryPicker = async () =>
                  (await navigator.storage.getDirectory()).getDirectoryHandle('picked-dir', { create: true });""");
        pages.add(rx);
        SharePages.waitRows(rx, 2);
        rx.getByTestId("download-all").click();
        String one = SharePages.sha256(SharePages.xorshift(1_000_001, 5));
        String two = SharePages.sha256(SharePages.xorshift(3_000_017, 6));
        assertThat(SharePages.waitVerified(rx, "one.bin")).isEqualTo(one);
        assertThat(SharePages.waitVerified(rx, "two.bin")).isEqualTo(two);
        assertThat(rx.evaluate("""
                async () => { const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('picked-dir');
                  const out = {};
                  for await (const [name, h] of dir.entries()) {
                    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await (await h.getFile()).arrayBuffer()));
                    out[name] = Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
                  }
                  return out; }""")).isEqualTo(java.util.Map.of("one.bin", one, "two.bin", two));
    }

    @Test
    void aCancelledSaveDialogIsPermissionDenied() {
        Page sender = sender("cancel.bin", 1000, 2);
        Page rx = receiver(sender, """
                window.weftShareSave = 'picker';
                window.showSaveFilePicker = async () => { throw new DOMException('The user aborted a request.', 'AbortError'); };""");
        SharePages.row(rx, "cancel.bin").getByTestId("download").click();
        PlaywrightAssertions.assertThat(SharePages.row(rx, "cancel.bin").getByTestId("file-error"))
                .hasAttribute("data-code", "PERMISSION_DENIED");
        PlaywrightAssertions.assertThat(rx.getByTestId("status")).hasAttribute("data-code", "PERMISSION_DENIED");
        // The row can be downloaded again.
        PlaywrightAssertions.assertThat(SharePages.row(rx, "cancel.bin").getByTestId("download")).isEnabled();
    }

    @Test
    void storageRefusedByTheBrowserIsPermissionDenied() {
        Page sender = sender("refused.bin", 5000, 4);
        // What Chromium does when the site may not store data (cookies and site data blocked).
        Page rx = receiver(sender, """
                window.weftShareSave = 'opfs';
                navigator.storage.getDirectory = () => Promise.reject(new DOMException('Storage directory access is denied.', 'SecurityError'));""");
        SharePages.row(rx, "refused.bin").getByTestId("download").click();
        PlaywrightAssertions.assertThat(SharePages.row(rx, "refused.bin").getByTestId("file-error"))
                .hasAttribute("data-code", "PERMISSION_DENIED");
        PlaywrightAssertions.assertThat(rx.getByTestId("status")).hasAttribute("data-code", "PERMISSION_DENIED");
        PlaywrightAssertions.assertThat(rx.getByTestId("status")).containsText("did not allow");
    }
}
