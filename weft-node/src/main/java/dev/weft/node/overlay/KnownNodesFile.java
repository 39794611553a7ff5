package dev.weft.node.overlay;

import dev.weft.overlay.EnvelopeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The known node URLs in a text file, one per line; invalid lines are skipped, writes are atomic. */
final class KnownNodesFile {
    private static final Logger log = LoggerFactory.getLogger(KnownNodesFile.class);
    private final Path file;

    KnownNodesFile(Path file) {
        this.file = file;
    }

    List<String> load() {
        List<String> out = new ArrayList<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String u = line.trim();
                if (EnvelopeCodec.isValidUrl(u) && !out.contains(u)) {
                    out.add(u);
                }
            }
        } catch (IOException e) {
            log.warn("cannot read known nodes from {}: {}", file, e.toString());
        }
        return out;
    }

    void save(List<String> urls) {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, urls, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write known nodes to {}: {}", file, e.toString());
        }
    }
}
