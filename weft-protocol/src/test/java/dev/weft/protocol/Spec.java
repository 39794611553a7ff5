package dev.weft.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads fixtures from the repository's spec/ folder (path from the weft.spec system property). */
final class Spec {
    static final ObjectMapper JSON = new ObjectMapper();

    private Spec() {
    }

    static JsonNode load(String relative) {
        String root = System.getProperty("weft.spec", "../spec");
        try {
            return JSON.readTree(Files.readAllBytes(Path.of(root, relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
