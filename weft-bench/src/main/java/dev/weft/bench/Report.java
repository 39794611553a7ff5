package dev.weft.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One machine-readable result line: {@code RESULT key=value ...}, plus the load average at the time. */
final class Report {
    private final Map<String, String> fields = new LinkedHashMap<>();

    Report(String workload, TargetOptions target) {
        put("workload", workload);
        put("system", target.label());
        put("protocol", target.protocol.name().toLowerCase(Locale.ROOT));
    }

    Report put(String key, Object value) {
        String v = value instanceof Double || value instanceof Float
                ? String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue()) : String.valueOf(value);
        fields.put(key, v.replace(' ', '_'));
        return this;
    }

    void print() {
        put("load1", loadAverage());
        StringBuilder sb = new StringBuilder("RESULT");
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
