package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the kernel and the JVM say about a server process: CPU time, resident memory, live heap. */
final class ProcStats {
    /** USER_HZ; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ProcStats() {
    }

    /** User + system CPU seconds of the processes so far (0 if they are gone). */
    static double cpuSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // process gone
            }
        }
        return total;
    }

    /**
     * Seconds the processes' threads spent runnable but waiting for a CPU so far (second field of
     * {@code /proc/PID/task/TID/schedstat}, summed over threads; threads that ended are not counted): the time
     * other work on the machine took from them.
     */
    static double runQueueWaitSeconds(List<Long> pids) {
        return runQueueWaitSeconds(pids, "");
    }

    /** The same, only threads whose name ({@code comm}, 15 characters at most) starts with {@code prefix}. */
    static double runQueueWaitSeconds(List<Long> pids, String prefix) {
        double total = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (!Files.readString(t.resolve("comm")).startsWith(prefix)) {
                            continue;
                        }
                        total += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[1]) / 1e9;
                    } catch (IOException | RuntimeException e) {
                        // thread gone
                    }
                }
            } catch (IOException | RuntimeException e) {
                // process gone, or no schedstat
            }
        }
        return total;
    }

    /** Resident set size in KiB (VmRSS of /proc/PID/status), summed. */
    static long rssKib(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }
        return total;
    }

    /** Live Java heap in KiB after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}); -1 if not a JVM. */
    static long heapUsedAfterGcKib(long pid) {
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            System.err.println("jcmd " + pid + " GC.heap_info:\n" + info);
            // G1: one "garbage-first heap ... used NK" line; Serial/Parallel (what a JVM pinned to one core picks):
            // one line per generation. Metaspace and class space are not heap.
            long used = -1;
            for (String line : info.split("\n")) {
                Matcher m = USED.matcher(line);
                if (m.find() && (line.contains("heap") || line.contains("generation") || line.contains("PSYoungGen")
                        || line.contains("ParOldGen"))) {
                    used = Math.max(used, 0) + Long.parseLong(m.group(1));
                }
            }
            return used;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
