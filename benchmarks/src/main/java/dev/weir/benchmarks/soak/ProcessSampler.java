package dev.weir.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a server process's figures from outside it: {@code /proc} for memory, threads and open
 * files, {@code jcmd} to force a full GC, the server's {@code /metrics} for the heap used after it
 * and for the queries' rows and watermarks, and the data directory for the state's size.
 */
final class ProcessSampler {
    private final long pid;
    private final String metricsUrl;
    private final Path dataDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ProcessSampler(long pid, String baseUrl, Path dataDir) {
        this.pid = pid;
        this.metricsUrl = baseUrl + "/metrics";
        this.dataDir = dataDir;
    }

    /** Takes a sample; the client figures are the caller's. */
    Sample sample(long seconds, long clientRows, int idleClients)
            throws IOException, InterruptedException {
        forceFullGc();
        // After the GC: the heap figure is what survived it.
        String metrics = scrape();
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        return new Sample(
                seconds,
                statusField(status, "VmRSS") * 1024,
                (long) PrometheusText.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\""),
                statusField(status, "Threads"),
                openFiles(),
                stateBytes(),
                (long) PrometheusText.sum(metrics, "weir_query_rows_in", ""),
                PrometheusText.max(metrics, "weir_query_watermark_lag_seconds"),
                clientRows,
                idleClients);
    }

    /** A full, stop-the-world collection in the server ({@code System.gc()}, by jcmd). */
    private void forceFullGc() throws IOException, InterruptedException {
        Process jcmd =
                new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.run failed: " + out);
        }
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(metricsUrl))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** A {@code /proc/PID/status} field's number ({@code VmRSS: 123 kB} gives 123). */
    static long statusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/PID/status");
    }

    /**
     * The open files by kind: {@code query_state} (under the data directory's {@code state}, where
     * continuous queries keep theirs), {@code views} (the materialized views' RocksDB files and
     * checkpoints), {@code data_dir} (the rest of the data directory), {@code socket}, {@code
     * pipe}, {@code anon_inode}, {@code other} (jars, the JDK's files, the logs).
     */
    Map<String, Long> openFileKinds() throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        for (String target : fdTargets()) {
            kinds.merge(kind(target), 1L, Long::sum);
        }
        return kinds;
    }

    private String kind(String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        } else if (target.startsWith("pipe:")) {
            return "pipe";
        } else if (target.startsWith("anon_inode:")) {
            return "anon_inode";
        } else if (target.startsWith(dataDir.resolve("state").toString())) {
            return "query_state";
        } else if (target.startsWith(dataDir.resolve("views").toString())) {
            return "views";
        } else if (target.startsWith(dataDir.toString())) {
            return "data_dir";
        }
        return "other";
    }

    /**
     * The server's TCP sockets whose peer has closed and the server has not (CLOSE_WAIT, state 08
     * in {@code /proc/net/tcp}): each one a connection the server forgot to close.
     */
    long closeWaitSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String target : fdTargets()) {
            if (target.startsWith("socket:[")) {
                inodes.add(target.substring("socket:[".length(), target.length() - 1));
            }
        }
        long count = 0;
        for (String table : List.of("/proc/" + pid + "/net/tcp", "/proc/" + pid + "/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 9 && f[3].equals("08") && inodes.contains(f[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    private List<String> fdTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed since listed
                }
            }
        }
        return targets;
    }

    private long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /**
     * The data directory's bytes: streams, views' and queries' state, checkpoints; not the logs
     * (weir.log and the server's output), which grow with what the server says, not what it keeps.
     */
    long stateBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".log"))
                    .filter(p -> !p.getFileName().toString().equals("server.out"))
                    .mapToLong(ProcessSampler::sizeOrZero)
                    .sum();
        } catch (UncheckedIOException e) {
            // A file deleted (a compaction, a checkpoint) while walking: look again.
            if (e.getCause() instanceof NoSuchFileException) {
                return stateBytes();
            }
            throw e;
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0; // deleted between listing and sizing
        }
    }
}
