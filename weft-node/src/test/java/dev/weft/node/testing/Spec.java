package dev.weft.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixtures from the repository's spec/ folder. */
public final class Spec {
    private Spec() {
    }

    public static JsonNode load(String relative) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(
                    Path.of(System.getProperty("weft.spec", "../spec"), relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
