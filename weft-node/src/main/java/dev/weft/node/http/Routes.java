package dev.weft.node.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP routes: exact paths, and prefixes registered as {@code /some/prefix/*}. Exact paths win; among
 * prefixes the longest wins. Immutable after construction.
 */
public final class Routes {
    private final Map<String, HttpEndpoint> exact = new HashMap<>();
    private final List<Map.Entry<String, HttpEndpoint>> prefixes = new ArrayList<>();

    public Routes(Map<String, HttpEndpoint> routes) {
        for (Map.Entry<String, HttpEndpoint> e : routes.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("/*")) {
                prefixes.add(Map.entry(key.substring(0, key.length() - 1), e.getValue()));
            } else {
                exact.put(key, e.getValue());
            }
        }
        prefixes.sort(Comparator.comparingInt((Map.Entry<String, HttpEndpoint> e) -> e.getKey().length()).reversed());
    }

    /** The endpoint for a path (without query), or null. */
    public HttpEndpoint find(String path) {
        HttpEndpoint e = exact.get(path);
        if (e != null) {
            return e;
        }
        for (Map.Entry<String, HttpEndpoint> p : prefixes) {
            if (path.startsWith(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }
}
