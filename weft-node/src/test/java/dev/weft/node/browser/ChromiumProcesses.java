package dev.weft.node.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory of the Chromium processes this JVM started, read from /proc (Linux): ShareBenchmark's meter.
 * The receivers' browser is told apart from the senders' by its profile directory on a command line in the
 * process's ancestry.
 */
final class ChromiumProcesses {
    private static final Pattern TYPE = Pattern.compile("--type=(\\S+)");
    private static final Pattern SUB_TYPE = Pattern.compile("--utility-sub-type=(\\S+)");

    private final String receiverProfile;

    ChromiumProcesses(String receiverProfile) {
        this.receiverProfile = receiverProfile;
    }

    /** Whether a Chromium process belongs to the receivers' browser (its ancestry has the profile dir). */
    private boolean inReceiverBrowser(ProcessHandle h) {
        for (ProcessHandle p = h; p != null; p = p.parent().orElse(null)) {
            try {
                if (Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).contains(receiverProfile)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** User + system CPU seconds of every Chromium process this JVM started (both browsers). */
    double cpuSeconds() {
        double total = 0;
        for (ProcessHandle h : chromiumProcesses()) {
            try {
                total += ticks(Path.of("/proc/" + h.pid() + "/stat"));
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return total;
    }

    /** Every Chromium process this JVM started (both browsers). */
    private static List<ProcessHandle> chromiumProcesses() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().orElse("").contains("chrom")).toList();
    }

    /**
     * "sender|receiver TYPE [SUB-TYPE] PID" for a Chromium process: its {@code --type} ("browser" when absent)
     * and {@code --utility-sub-type}, the latter without its package when {@code shortSubType}.
     */
    private String label(ProcessHandle h, boolean shortSubType) throws IOException {
        String cmdline = Files.readString(Path.of("/proc/" + h.pid() + "/cmdline")).replace('\0', ' ');
        Matcher type = TYPE.matcher(cmdline);
        Matcher sub = SUB_TYPE.matcher(cmdline);
        String subType = sub.find() ? " " + (shortSubType ? sub.group(1).replaceAll(".*\\.", "") : sub.group(1)) : "";
        return (inReceiverBrowser(h) ? "receiver " : "sender   ") + (type.find() ? type.group(1) : "browser") + subType + " " + h.pid();
    }

    /** A field of /proc/PID/status lines given in kB (e.g. "VmRSS:"), in bytes; 0 when absent. */
    private static long statusBytes(List<String> status, String field) {
        for (String l : status) {
            if (l.startsWith(field)) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /**
     * CPU seconds per Chromium thread ("sender|receiver, process type, pid, thread name", threads of the same
     * name summed), plus each process's total under the name "*" (it includes threads that have exited).
     */
    Map<String, Double> threads() {
        Map<String, Double> out = new java.util.HashMap<>();
        for (ProcessHandle h : chromiumProcesses()) {
            try {
                String proc = label(h, true);
                out.put(proc + " *", ticks(Path.of("/proc/" + h.pid() + "/stat")));
                try (var tasks = Files.list(Path.of("/proc/" + h.pid() + "/task"))) {
                    for (Path t : tasks.toList()) {
                        String st = Files.readString(t.resolve("stat"));
                        String name = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')')).replaceAll("[0-9]+$", "");
                        out.merge(proc + " " + name, ticks(t.resolve("stat")), Double::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return out;
    }

    private static double ticks(Path stat) throws IOException {
        String st = Files.readString(stat);
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /**
     * CPU seconds between two threads() snapshots outside the DataChannel's stack: all of it except the network
     * service processes and the renderers' WebRTC_W_and_N and Chrome_ChildIOThread threads.
     */
    static double outsideStack(Map<String, Double> before, Map<String, Double> after) {
        double all = 0;
        double stack = 0;
        for (var e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            String k = e.getKey();
            if (k.endsWith(" *")) {
                all += d;
                if (k.contains(" NetworkService ")) {
                    stack += d;
                }
            } else if (k.contains(" renderer ") && (k.endsWith(" WebRTC_W_and_N") || k.endsWith(" Chrome_ChildIOT"))) {
                stack += d;
            }
        }
        return all - stack;
    }

    static void printThreads(Map<String, Double> before, Map<String, Double> after, double mb) {
        after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() * 1000 / mb >= 0.5).sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf(Locale.ROOT, "      %6.1f ms/MB  %s%n", e.getValue() * 1000 / mb, e.getKey()));
    }

    /** Sum of the resident memory of the receivers' Chromium processes. */
    long receiverRss() {
        long total = 0;
        for (ProcessHandle h : chromiumProcesses()) {
            if (!inReceiverBrowser(h)) {
                continue;
            }
            try {
                total += statusBytes(Files.readAllLines(Path.of("/proc/" + h.pid() + "/status")), "VmRSS:");
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return total;
    }

    /** Per Chromium process ("sender|receiver type pid"): {RssAnon, RssFile} in bytes. */
    Map<String, long[]> memory() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        for (ProcessHandle h : chromiumProcesses()) {
            try {
                List<String> status = Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"));
                out.put(label(h, false), new long[] {statusBytes(status, "RssAnon:"), statusBytes(status, "RssFile:")});
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return out;
    }
}
