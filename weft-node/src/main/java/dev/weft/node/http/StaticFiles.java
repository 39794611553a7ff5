package dev.weft.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The apps and weft.js, served from the classpath folder {@code weft-static/} (packaged from {@code apps/} and
 * {@code clients/js/}). Files are read once and kept in memory with an ETag; only existing files are cached,
 * so unknown paths cannot grow the cache.
 */
public final class StaticFiles {
    static final String ROOT = "weft-static";
    private static final int MAX_PATH = 256;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("wav", "audio/wav"),
            Map.entry("webm", "video/webm"));

    /** A file ready to send. */
    public record Resource(byte[] body, String contentType, String etag) {
    }

    private final ClassLoader loader;
    private final ConcurrentHashMap<String, Resource> cache = new ConcurrentHashMap<>();

    public StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The file for a URL path (already stripped of its query), or empty. */
    public Optional<Resource> find(String path) {
        if (!isSafe(path)) {
            return Optional.empty();
        }
        String file = path.endsWith("/") ? path + "index.html" : path;
        Resource cached = cache.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        Resource loaded = load(file);
        if (loaded != null) {
            cache.putIfAbsent(file, loaded);
        }
        return Optional.ofNullable(loaded);
    }

    /** Whether {@code path + "/"} names a folder with an index page (so {@code /call} redirects to {@code /call/}). */
    public boolean isFolder(String path) {
        return isSafe(path) && !path.endsWith("/") && loader.getResource(ROOT + path + "/index.html") != null;
    }

    static boolean isSafe(String path) {
        if (path.isEmpty() || path.length() > MAX_PATH || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\' || c == '%') {
                return false;
            }
        }
        return !path.contains("//") && !path.contains("/.") && !path.contains("..");
    }

    private Resource load(String file) {
        String name = ROOT + file;
        java.net.URL url = loader.getResource(name);
        if (url == null || url.toString().endsWith("/") || isDirectory(url)) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            byte[] body = in.readAllBytes();
            return new Resource(body, contentType(file), etag(body));
        } catch (IOException e) {
            // A folder entry in a jar reads as empty or fails: treat it as not a file.
            return null;
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + name, e));
        }
    }

    private static boolean isDirectory(java.net.URL url) {
        try {
            return "file".equals(url.getProtocol()) && java.nio.file.Files.isDirectory(java.nio.file.Path.of(url.toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return true;
        }
    }

    private static String contentType(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
