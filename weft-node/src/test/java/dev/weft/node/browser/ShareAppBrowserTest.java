package dev.weft.node.browser;

import static dev.weft.node.browser.SharePages.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /share/ app as people use it: a sender's page, receivers opening its link, real files. */
class ShareAppBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private final List<Page> pages = new ArrayList<>();

    @TempDir
    Path dir;

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

    private Page track(Page p) {
        pages.add(p);
        return p;
    }

    private Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void severalFilesIncludingEmptyAndOddSizesArriveIntactAndTheSenderSeesIt() throws Exception {
        Page sender = track(SharePages.sender(chromium, node.http()));
        Map<String, byte[]> files = Map.of(
                "hello.txt", "hello, share!".getBytes(StandardCharsets.UTF_8),
                "empty.bin", new byte[0],
                "odd.bin", SharePages.xorshift(1_000_003, 7),
                "edge.bin", SharePages.xorshift(3 * 65536 + 1, 11));
        List<Path> paths = new ArrayList<>();
        for (var e : files.entrySet()) {
            paths.add(file(e.getKey(), e.getValue()));
        }
        sender.getByTestId("file-input").setInputFiles(paths.toArray(Path[]::new));
        String link = SharePages.link(sender);
        assertThat(link).matches(node.http() + "/share/#[a-z0-9]{12}");
        // The link as a QR code (apps/share/qr.js; its matrices are unit-tested against another encoder).
        PlaywrightAssertions.assertThat(sender.getByTestId("qr").locator("svg")).hasCount(1);
        PlaywrightAssertions.assertThat(sender.getByTestId("qr")).hasAttribute("data-version", "3");

        Page rx = track(SharePages.receiver(chromium, link, 4));
        PlaywrightAssertions.assertThat(SharePages.row(rx, "odd.bin")).containsText("977 KiB");
        rx.getByTestId("download-all").click();
        for (var e : files.entrySet()) {
            String sha = SharePages.waitVerified(rx, e.getKey());
            assertThat(sha).as(e.getKey()).isEqualTo(SharePages.sha256(e.getValue()));
            Path saved = SharePages.save(rx, e.getKey());
            assertThat(Files.readAllBytes(saved)).as(e.getKey()).isEqualTo(e.getValue());
        }
        // The sender's page shows this receiver and that its last file was verified.
        Locator receiverRow = sender.getByTestId("receivers").locator("li");
        PlaywrightAssertions.assertThat(receiverRow).hasCount(1);
        PlaywrightAssertions.assertThat(receiverRow).containsText("verified");
    }

    @Test
    void twoReceiversDownloadAtOnceEachAtItsOwnPace() {
        Page sender = track(SharePages.sender(chromium, node.http()));
        long size = 24L << 20;
        SharePages.addGenerated(sender, "twice.bin", size, 42);
        String expected = SharePages.sha256(SharePages.xorshift(size, 42));
        Page a = track(SharePages.receiver(chromium, SharePages.link(sender), 1));
        Page b = track(SharePages.receiver(chromium, SharePages.link(sender), 1));
        SharePages.row(a, "twice.bin").getByTestId("download").click();
        SharePages.row(b, "twice.bin").getByTestId("download").click();
        assertThat(SharePages.waitVerified(a, "twice.bin")).isEqualTo(expected);
        assertThat(SharePages.waitVerified(b, "twice.bin")).isEqualTo(expected);
        Locator rows = sender.getByTestId("receivers").locator("li");
        PlaywrightAssertions.assertThat(rows).hasCount(2);
        PlaywrightAssertions.assertThat(rows.nth(0)).containsText("verified");
        PlaywrightAssertions.assertThat(rows.nth(1)).containsText("verified");
    }

    @Test
    void aSenderServesAtMostItsLimitOfReceiversAndTheNextIsToldSo() {
        Page sender = track(SharePages.sender(chromium, node.http()));
        SharePages.addGenerated(sender, "one.bin", 10, 3);
        sender.evaluate("() => { share.sender.maxReceivers = 1; }");
        track(SharePages.receiver(chromium, SharePages.link(sender), 1));
        Page second = track(chromium.page(SharePages.link(sender)));
        PlaywrightAssertions.assertThat(second.getByTestId("status")).hasAttribute("data-code", "RATE_LIMITED");
        PlaywrightAssertions.assertThat(second.getByTestId("status")).containsText("at most 1 receivers");
    }

    @Test
    void theListFollowsTheSenderAndARemovedFileStopsItsDownload() {
        Page sender = track(SharePages.sender(chromium, node.http()));
        SharePages.addGenerated(sender, "first.bin", 1000, 1);
        Page rx = track(SharePages.receiver(chromium, SharePages.link(sender), 1));
        SharePages.addGenerated(sender, "big.bin", 64L << 20, 2);
        SharePages.waitRows(rx, 2);
        SharePages.row(rx, "big.bin").getByTestId("download").click();
        rx.waitForFunction("() => share.transfers.get(1)?.received > 0", null,
                new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
        SharePages.row(sender, "big.bin").getByTestId("remove").click();
        Locator err = SharePages.row(rx, "big.bin").getByTestId("file-error");
        PlaywrightAssertions.assertThat(err).hasAttribute("data-code", "FILE_NOT_FOUND");
        PlaywrightAssertions.assertThat(SharePages.row(rx, "big.bin")).hasClass(Pattern.compile("removed"));
        PlaywrightAssertions.assertThat(SharePages.row(rx, "big.bin").getByTestId("download")).isDisabled();
        // The other file is still there and downloads.
        SharePages.row(rx, "first.bin").getByTestId("download").click();
        assertThat(SharePages.waitVerified(rx, "first.bin")).isEqualTo(SharePages.sha256(SharePages.xorshift(1000, 1)));
    }

    @Test
    void aFileLargerThanTheReceiversFreeSpaceIsRefusedWithDiskFull() throws Exception {
        // A sparse 1 TiB file: the browser sees its size, the disk holds no data.
        Path huge = dir.resolve("huge.iso");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 40);
        }
        Page sender = track(SharePages.sender(chromium, node.http()));
        sender.getByTestId("file-input").setInputFiles(huge);
        Page rx = track(SharePages.receiver(chromium, SharePages.link(sender), 1));
        PlaywrightAssertions.assertThat(SharePages.row(rx, "huge.iso")).containsText("1.0 TiB");
        SharePages.row(rx, "huge.iso").getByTestId("download").click();
        PlaywrightAssertions.assertThat(SharePages.row(rx, "huge.iso").getByTestId("file-error"))
                .hasAttribute("data-code", "DISK_FULL");
        PlaywrightAssertions.assertThat(rx.getByTestId("status")).hasAttribute("data-code", "DISK_FULL");
        PlaywrightAssertions.assertThat(rx.getByTestId("status")).containsText("disk space");
    }

    @Test
    void aLinkToAnOfflineSenderOrAMalformedLinkSaysSo() {
        Page offline = track(chromium.page(node.http() + "/share/#nobody-here-123"));
        PlaywrightAssertions.assertThat(offline.getByTestId("status")).hasAttribute("data-code", "PEER_UNAVAILABLE");
        PlaywrightAssertions.assertThat(offline.getByTestId("status")).containsText("offline");
        Page bad = track(chromium.page(node.http() + "/share/#not%20an%20id!"));
        PlaywrightAssertions.assertThat(bad.getByTestId("status")).hasAttribute("data-code", "INVALID_LINK");
    }
}
