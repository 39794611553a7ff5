package dev.weft.stun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** Reads the hex fixtures in {@code spec/stun/} (lines starting with '#' are comments). */
final class Fixtures {
    private Fixtures() {
    }

    static Path specDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("spec").resolve("stun");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("spec/stun not found above " + dir);
    }

    static byte[] hex(String name) {
        try {
            String hex = Files.readAllLines(specDir().resolve(name)).stream()
                    .filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining())
                    .replaceAll("\\s+", "");
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
