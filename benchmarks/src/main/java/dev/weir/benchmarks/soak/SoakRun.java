package dev.weir.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.ToDoubleFunction;

/**
 * One soak: starts the server, creates the streams and materialized views, runs the clients for the
 * duration while sampling the server every interval, then closes the clients, checks that the
 * server's threads and open files come back to where they were before the clients, and judges every
 * sampled series for flatness.
 */
public final class SoakRun {
    /** Threads the JVM may add on its own over a run (GC and JIT workers start lazily). */
    static final long THREAD_MARGIN = 4;

    /** Open files RocksDB may hold more of as its SST files pile up between compactions. */
    static final long FILE_MARGIN = 16;

    private static final long MB = 1024 * 1024;

    /**
     * Why each tolerance is what it is: heap after a full GC is live data, which bounded state
     * keeps flat, so 10% + 16 MB; RSS also holds RocksDB's memtables and block cache, which fill up
     * to their bounds, and malloc's arenas, so 20% + 64 MB; threads and open files are counted
     * exactly: threads with the margin above, open files with 10% + 16 (each of the 25 RocksDB
     * instances keeps its SST files open, and their number swings by a few as level-0 files pile up
     * to the compaction trigger and are merged); the data directory has windowed views that keep a
     * row per finished window (a few thousand small rows an hour) and RocksDB files whose size
     * swings with compactions, so 50% + 32 MB; the largest watermark lag is an interval join's (its
     * 10 s interval plus the streams' 4 s watermark delay) while the server keeps up, and +10 s
     * catches a server that falls behind.
     */
    static final List<Flatness.Tolerance> TOLERANCES =
            List.of(
                    new Flatness.Tolerance("rss", 0.20, 64 * MB, "MB", MB),
                    new Flatness.Tolerance("heap_after_gc", 0.10, 16 * MB, "MB", MB),
                    new Flatness.Tolerance("threads", 0, THREAD_MARGIN, "", 1),
                    new Flatness.Tolerance("open_files", 0.10, FILE_MARGIN, "", 1),
                    new Flatness.Tolerance("state", 0.50, 32 * MB, "MB", MB),
                    new Flatness.Tolerance("watermark_lag", 0, 10, "s", 1));

    private static final List<ToDoubleFunction<Sample>> FIGURES =
            List.of(
                    Sample::rssBytes,
                    Sample::heapAfterGcBytes,
                    Sample::threads,
                    Sample::openFiles,
                    Sample::stateBytes,
                    Sample::maxLagSeconds);

    /** What to run. */
    public record Config(
            List<String> launcher,
            Path dataDir,
            int port,
            long eventsPerSecond,
            Duration duration,
            Duration interval,
            List<SoakWorkload.Query> queries) {}

    /** A client's outcome. */
    public record ClientResult(String name, long rows, String failure) {}

    /** What a run found. */
    public record Result(
            Sample baseline,
            List<Sample> samples,
            Sample afterClose,
            List<ClientResult> clients,
            List<Flatness> verdicts,
            List<String> failures) {
        /** Failures other than flatness: a dead server, a failed or silent client, a leak. */
        public boolean ok() {
            return failures.isEmpty();
        }

        public boolean flat() {
            return verdicts.stream().allMatch(Flatness::flat);
        }
    }

    private final Config config;
    private final PrintStream out;
    private Map<String, Long> baselineKinds = Map.of();

    public SoakRun(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public Result run() throws IOException, InterruptedException, SQLException {
        // Timestamps cross the protocol as zone-less values: read them as UTC, as they were made.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        List<String> failures = new ArrayList<>();
        Path output = config.dataDir().resolve("server.out");
        try (ServerProcess server =
                ServerProcess.start(config.launcher(), config.port(), config.dataDir(), output)) {
            out.println(
                    "soak: server pid "
                            + server.pid()
                            + " at "
                            + server.jdbcUrl()
                            + ", data "
                            + config.dataDir()
                            + ", "
                            + config.eventsPerSecond()
                            + " events/s, "
                            + config.queries().size()
                            + " clients, "
                            + config.duration().toSeconds()
                            + " s, a sample every "
                            + config.interval().toSeconds()
                            + " s");
            createObjects(server.jdbcUrl());
            ProcessSampler sampler =
                    new ProcessSampler(server.pid(), server.baseUrl(), config.dataDir());
            // The materialized views' queries start, open their state and reach the live feed.
            Thread.sleep(Math.min(config.interval().toMillis(), 10_000));
            Sample baseline = sampler.sample(0, 0, 0);
            out.println("baseline (views running, no clients):");
            out.println(Sample.HEADER);
            out.println(baseline.line());
            baselineKinds = sampler.openFileKinds();
            out.println("open files by kind: " + baselineKinds);
            out.flush();

            List<ContinuousClient> clients = new ArrayList<>();
            for (SoakWorkload.Query q : config.queries()) {
                ContinuousClient c = new ContinuousClient(q, server.jdbcUrl());
                clients.add(c);
                c.start();
            }
            List<Sample> samples = new ArrayList<>();
            long started = System.nanoTime();
            long[] previous = new long[clients.size()];
            out.println("with the clients:");
            out.println(Sample.HEADER);
            for (long next = config.interval().toNanos();
                    next <= config.duration().toNanos();
                    next += config.interval().toNanos()) {
                long wait = started + next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (!server.alive()) {
                    failures.add("the server died: see " + output);
                    break;
                }
                long total = 0;
                int idle = 0;
                for (int i = 0; i < clients.size(); i++) {
                    long rows = clients.get(i).rows();
                    total += rows;
                    idle += rows == previous[i] ? 1 : 0;
                    previous[i] = rows;
                }
                Sample s;
                try {
                    s = sampler.sample(next / 1_000_000_000, total, idle);
                } catch (IOException e) {
                    failures.add("sampling failed (" + e + "); server alive: " + server.alive());
                    break;
                }
                samples.add(s);
                out.println(s.line());
                out.flush();
            }
            List<ClientResult> results = new ArrayList<>();
            for (ContinuousClient c : clients) {
                c.close();
                results.add(new ClientResult(c.name(), c.rows(), c.failure()));
            }
            for (ClientResult r : results) {
                if (r.failure() != null) {
                    failures.add("client " + r.name() + " failed: " + r.failure());
                } else if (r.rows() == 0) {
                    failures.add("client " + r.name() + " received no row");
                }
            }
            Sample afterClose = null;
            if (server.alive()) {
                afterClose = awaitBaseline(sampler, baseline, failures);
            } else if (failures.stream().noneMatch(f -> f.startsWith("the server died"))) {
                failures.add("the server died: see " + output);
            }
            List<Flatness> verdicts = new ArrayList<>();
            if (samples.size() >= 3) {
                for (int i = 0; i < TOLERANCES.size(); i++) {
                    verdicts.add(Flatness.judge(samples, TOLERANCES.get(i), FIGURES.get(i)));
                }
            }
            return new Result(baseline, samples, afterClose, results, verdicts, failures);
        }
    }

    private void createObjects(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String ddl : SoakWorkload.streams(config.eventsPerSecond())) {
                s.execute(ddl);
            }
            for (String ddl : SoakWorkload.materializedViews()) {
                s.execute(ddl);
            }
        }
    }

    /**
     * Samples until what the clients used is released (the server ends a cancelled query's thread
     * and closes its state asynchronously), for a minute at most; a leak if it is not. Released
     * means: threads back within their margin of the baseline; no file open under the continuous
     * queries' state directory; the pipes, anon inodes and other files (jars, logs) back within 4
     * of the baseline; no socket left in CLOSE_WAIT. The materialized views' files are not compared
     * (their SST files grow in number as the views fill, then compact; the open-files series judges
     * them over the run), nor the sockets still ESTABLISHED: the JDBC driver's HTTP pool keeps its
     * keep-alive connections open after the JDBC connections close, so those are held by this
     * client, not the server.
     */
    private Sample awaitBaseline(ProcessSampler sampler, Sample baseline, List<String> failures)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Long> before = baselineKinds;
        Sample s;
        Map<String, Long> kinds;
        long closeWait;
        while (true) {
            s = sampler.sample(-1, 0, 0);
            kinds = sampler.openFileKinds();
            closeWait = sampler.closeWaitSockets();
            boolean back =
                    s.threads() <= baseline.threads() + THREAD_MARGIN
                            && kinds.getOrDefault("query_state", 0L)
                                    <= before.getOrDefault("query_state", 0L)
                            && plainFiles(kinds) <= plainFiles(before) + 4
                            && closeWait == 0;
            if (back) {
                break;
            }
            if (System.nanoTime() > deadline) {
                failures.add(
                        "what the clients used was not released a minute after they closed:"
                                + " threads "
                                + s.threads()
                                + " (baseline "
                                + baseline.threads()
                                + "), open files "
                                + kinds
                                + " (baseline "
                                + before
                                + "), sockets in CLOSE_WAIT "
                                + closeWait);
                break;
            }
            Thread.sleep(1_000);
        }
        out.println("after the clients closed:");
        out.println(Sample.HEADER);
        out.println(s.line());
        out.println("open files by kind: " + kinds + ", sockets in CLOSE_WAIT: " + closeWait);
        return s;
    }

    private static long plainFiles(Map<String, Long> kinds) {
        return kinds.getOrDefault("pipe", 0L)
                + kinds.getOrDefault("anon_inode", 0L)
                + kinds.getOrDefault("other", 0L)
                + kinds.getOrDefault("data_dir", 0L);
    }

    /** Prints the clients' rows, the verdicts with their tolerances, and the failures. */
    public static void report(Result r, PrintStream out) {
        out.println("clients (rows received):");
        for (ClientResult c : r.clients()) {
            out.printf(
                    "  %-22s %12d%s%n",
                    c.name(), c.rows(), c.failure() == null ? "" : "  FAILED: " + c.failure());
        }
        if (r.verdicts().isEmpty()) {
            out.println("verdict: too few samples (fewer than 3) to judge flatness");
        } else {
            out.println("verdict (first third vs last third of the samples with clients):");
            for (int i = 0; i < r.verdicts().size(); i++) {
                out.println("  " + r.verdicts().get(i).line(TOLERANCES.get(i)));
            }
            out.println("tolerances:");
            for (Flatness.Tolerance t : TOLERANCES) {
                out.println("  " + t.describe());
            }
        }
        for (String f : r.failures()) {
            out.println("FAILURE: " + f);
        }
        out.println(
                "soak: "
                        + (r.ok() && r.flat() && !r.verdicts().isEmpty()
                                ? "PASS (server up, every client got rows, every series flat,"
                                        + " threads and open files back to the baseline)"
                                : "FAIL"));
    }
}
