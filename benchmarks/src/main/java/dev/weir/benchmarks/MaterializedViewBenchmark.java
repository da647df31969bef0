package dev.weir.benchmarks;

import dev.weir.engine.DurabilityFigures;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Materialized views end to end, in-process, over an internal stream preloaded with {@code events}
 * events over {@code keys} keys (so the view holds {@code keys} rows):
 *
 * <ul>
 *   <li>maintenance throughput building the view, without periodic checkpoints and with one every 5
 *       s and every 1 s, with each checkpoint's duration and size;
 *   <li>a checkpoint of the whole view, and recovery after a crash (the data directory copied while
 *       the server runs, as a kill -9 leaves it) with {@code replay} events appended since that
 *       checkpoint: restore time and catch-up time, as the engine reports them;
 *   <li>a restart after a clean stop (nothing to replay);
 *   <li>snapshot reads: point lookups and a scan.
 * </ul>
 *
 * {@code java -cp benchmarks/target/benchmarks.jar dev.weir.benchmarks.MaterializedViewBenchmark
 * [events] [keys] [replay]}.
 */
public final class MaterializedViewBenchmark {
    private static final String VIEW =
            "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n, SUM(v) AS total FROM ev"
                    + " GROUP BY k";

    private MaterializedViewBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long replay = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        Path work = Files.createTempDirectory("weir-mv-bench");
        try {
            Path template = work.resolve("template");
            load(template, work.resolve("events.csv"), events, keys);
            Path extra = work.resolve("more.csv");
            writeEvents(extra, events, replay, keys);
            maintain(template, work.resolve("no-checkpoints"), events, 0, true, extra);
            maintain(template, work.resolve("checkpoints-5s"), events, 5_000, false, extra);
            maintain(template, work.resolve("checkpoints-1s"), events, 1_000, false, extra);
        } finally {
            delete(work);
        }
    }

    private static void writeEvents(Path csv, long first, long count, int keys) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            for (long i = first; i < first + count; i++) {
                out.write(Long.toString(i % keys));
                out.write(',');
                out.write(Long.toString(i % 97));
                out.write('\n');
            }
        }
    }

    /** A data directory whose internal stream {@code ev} holds the events, and nothing else. */
    private static void load(Path template, Path csv, long events, int keys) throws Exception {
        writeEvents(csv, 0, events, keys);
        long started = System.nanoTime();
        try (Engine engine = Engine.open(template, FsyncPolicy.NEVER, 0)) {
            engine.execute("CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL)");
            append(engine, csv, "src");
        }
        System.out.printf(
                Locale.ROOT,
                "%,d events over %,d keys loaded into an internal stream in %.1f s (its log: %d"
                        + " MB)%n",
                events,
                keys,
                (System.nanoTime() - started) / 1e9,
                sizeOf(template.resolve("streams")) >> 20);
    }

    /** Appends a CSV file's events to {@code ev} through a persistent INSERT ... SELECT. */
    private static void append(Engine engine, Path csv, String name) throws Exception {
        engine.execute(
                "CREATE STREAM "
                        + name
                        + " (k BIGINT NOT NULL, v BIGINT NOT NULL) WITH ('connector' = 'file',"
                        + " 'path' = '"
                        + csv
                        + "', 'format' = 'csv')");
        StatementResult.Update started =
                (StatementResult.Update) engine.execute("INSERT INTO ev SELECT k, v FROM " + name);
        String id = started.message().replaceFirst("^Persistent query '([^']+)'.*$", "$1");
        while (!state(engine, id).equals("FINISHED")) {
            Thread.sleep(20);
        }
        engine.execute("CANCEL QUERY '" + id + "'");
        engine.execute("DROP STREAM " + name);
    }

    private static String state(Engine engine, String queryId) {
        for (Object[] row : rows(engine, "SHOW QUERIES")) {
            if (row[0].equals(queryId)) {
                return (String) row[2];
            }
        }
        throw new IllegalStateException("no query " + queryId);
    }

    private static DurabilityFigures figures(Engine engine) {
        return engine.durability().stream()
                .filter(f -> f.queryId().equals("mv_totals"))
                .findFirst()
                .orElseThrow();
    }

    private static void maintain(
            Path template,
            Path dataDir,
            long events,
            long checkpointMillis,
            boolean recoveryAndReads,
            Path extra)
            throws Exception {
        copy(template, dataDir);
        String label =
                checkpointMillis == 0
                        ? "no periodic checkpoints"
                        : "a checkpoint every " + checkpointMillis / 1000 + " s";
        Path crashed = dataDir.resolveSibling(dataDir.getFileName() + "-crashed");
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, checkpointMillis)) {
            engine.execute(VIEW);
            List<Long> durations = new ArrayList<>();
            long lastBytes = 0;
            long seen = 0;
            DurabilityFigures f = figures(engine);
            while (f.catchUpRows().isEmpty()) {
                if (f.checkpoints() > seen) {
                    seen = f.checkpoints();
                    durations.add(f.checkpointMillis().getAsLong());
                    lastBytes = f.checkpointBytes().getAsLong();
                }
                Thread.sleep(20);
                f = figures(engine);
            }
            double seconds = f.catchUpMillis().getAsLong() / 1e3;
            List<Long> sorted = durations.stream().sorted().toList();
            System.out.printf(
                    Locale.ROOT,
                    "build the view (%s): %,d events in %.2f s = %,.0f events/s; %d checkpoints"
                            + " during it%s%n",
                    label,
                    f.catchUpRows().getAsLong(),
                    seconds,
                    f.catchUpRows().getAsLong() / seconds,
                    f.checkpoints(),
                    sorted.isEmpty()
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " (%d seen: duration min %d / median %d / max %d ms; the"
                                            + " last %,d bytes)",
                                    sorted.size(),
                                    sorted.get(0),
                                    sorted.get(sorted.size() / 2),
                                    sorted.get(sorted.size() - 1),
                                    lastBytes));
            if (!recoveryAndReads) {
                return;
            }
            long keys = (Long) rows(engine, "SELECT COUNT(*) FROM totals")[0][0];
            long t = System.nanoTime();
            engine.checkpoint();
            f = figures(engine);
            System.out.printf(
                    Locale.ROOT,
                    "checkpoint of the %,d-row view: %d ms as the engine measures it (%.0f ms"
                            + " with the call), %,d bytes%n",
                    keys,
                    f.checkpointMillis().getAsLong(),
                    (System.nanoTime() - t) / 1e6,
                    f.checkpointBytes().getAsLong());
            append(engine, extra, "more");
            if (!engine.awaitViewsCaughtUp(600_000)) {
                throw new IllegalStateException("the view did not catch up");
            }
            crashCopy(dataDir, crashed);
            lookups(engine, keys);
        }
        recover(crashed, "after a crash, the newest checkpoint behind by the appended events");
        recover(dataDir, "after a clean stop (a last checkpoint at the stop)");
    }

    private static void recover(Path dataDir, String label) throws Exception {
        long opening = System.nanoTime();
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            double opened = (System.nanoTime() - opening) / 1e6;
            if (!engine.awaitViewsCaughtUp(600_000)) {
                throw new IllegalStateException("the view did not catch up");
            }
            DurabilityFigures f = figures(engine);
            System.out.printf(
                    Locale.ROOT,
                    "recovery %s: restore %d ms (engine open %.0f ms), catch-up %d ms replaying"
                            + " %,d events; total %d ms; the view has %s rows%n",
                    label,
                    f.restoreMillis().getAsLong(),
                    opened,
                    f.catchUpMillis().getAsLong(),
                    f.catchUpRows().getAsLong(),
                    f.restoreMillis().getAsLong() + f.catchUpMillis().getAsLong(),
                    rows(engine, "SELECT COUNT(*) FROM totals")[0][0]);
        }
    }

    private static void lookups(Engine engine, long keys) {
        String[] point = new String[1000];
        for (int i = 0; i < point.length; i++) {
            point[i] = "SELECT n, total FROM totals WHERE k = " + (i * 997L % keys);
        }
        for (int warm = 0; warm < 5; warm++) {
            for (String sql : point) {
                rows(engine, sql);
            }
        }
        long[] nanos = new long[point.length];
        for (int i = 0; i < point.length; i++) {
            long t = System.nanoTime();
            Object[][] found = rows(engine, point[i]);
            nanos[i] = System.nanoTime() - t;
            if (found.length != 1) {
                throw new AssertionError(point[i] + " found " + found.length + " rows");
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "point lookup in a %,d-row view (1,000 statements, plans cached): median %.3f ms, p99"
                        + " %.3f ms%n",
                keys,
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 99 / 100] / 1e6);
        for (int i = 0; i < point.length; i++) {
            String unseen = "SELECT total, n FROM totals WHERE k = " + ((i * 991L + 7) % keys);
            long t = System.nanoTime();
            rows(engine, unseen);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "point lookup, statement never seen (parsed and planned): median %.3f ms, p99"
                        + " %.3f ms%n",
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 99 / 100] / 1e6);
        long t = System.nanoTime();
        Object[][] top = rows(engine, "SELECT k, total FROM totals ORDER BY total DESC LIMIT 5");
        System.out.printf(
                Locale.ROOT,
                "scan with ORDER BY ... LIMIT 5 over the whole view: %.1f ms (%d rows)%n",
                (System.nanoTime() - t) / 1e6,
                top.length);
    }

    private static Object[][] rows(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql)).rows().toArray(new Object[0][]);
    }

    /** A copy of a data directory as a kill -9 leaves it: files vanishing meanwhile are skipped. */
    private static void crashCopy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(p, target);
                    } catch (NoSuchFileException e) {
                        // compacted away meanwhile
                    }
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        crashCopy(from, to);
    }

    private static long sizeOf(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
