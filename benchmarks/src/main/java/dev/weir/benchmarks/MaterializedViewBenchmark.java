package dev.weir.benchmarks;

import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.server.engine.Engine;
import dev.weir.server.engine.StatementResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Materialized views end to end, in-process: maintenance throughput with and without periodic
 * checkpoints, checkpoint and recovery time, and snapshot reads of a view with a million keys
 * (point lookups and a scan). {@code java -cp benchmarks/target/benchmarks.jar
 * dev.weir.benchmarks.MaterializedViewBenchmark [events] [keys]}.
 */
public final class MaterializedViewBenchmark {
    private MaterializedViewBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path work = Files.createTempDirectory("weir-mv-bench");
        try {
            Path csv = work.resolve("events.csv");
            writeEvents(csv, events, keys);
            System.out.printf(Locale.ROOT, "%,d events over %,d keys in %s%n", events, keys, csv);
            maintain(work.resolve("no-checkpoints"), csv, events, 0);
            maintain(work.resolve("checkpoints-1s"), csv, events, 1_000);
        } finally {
            delete(work);
        }
    }

    private static void writeEvents(Path csv, long events, int keys) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            for (long i = 0; i < events; i++) {
                out.write(Long.toString(i % keys));
                out.write(',');
                out.write(Long.toString(i % 97));
                out.write('\n');
            }
        }
    }

    private static void maintain(Path dataDir, Path csv, long events, long checkpointMillis)
            throws Exception {
        long created;
        long finished;
        String label =
                checkpointMillis == 0
                        ? "no periodic checkpoints"
                        : "checkpoint every " + checkpointMillis + " ms";
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, checkpointMillis)) {
            engine.execute(
                    "CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL) WITH ('connector' ="
                            + " 'file', 'path' = '"
                            + csv
                            + "', 'format' = 'csv')");
            created = System.nanoTime();
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n, SUM(v) AS total"
                            + " FROM ev GROUP BY k");
            while (!rows(engine, "SHOW QUERIES")[0][2].equals("FINISHED")) {
                Thread.sleep(10);
            }
            finished = System.nanoTime();
            double seconds = (finished - created) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "maintain (%s): %,d events in %.2f s = %,.0f events/s%n",
                    label,
                    events,
                    seconds,
                    events / seconds);
            if (checkpointMillis == 0) {
                lookups(engine, keys(engine));
            }
        }
        long opening = System.nanoTime();
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            double opened = (System.nanoTime() - opening) / 1e6;
            engine.awaitViewsCaughtUp(600_000);
            System.out.printf(
                    Locale.ROOT,
                    "restart after a clean stop (%s): view restored in %.0f ms, caught up in %.0f"
                            + " ms, %s rows%n",
                    label,
                    opened,
                    (System.nanoTime() - opening) / 1e6,
                    rows(engine, "SELECT COUNT(*) FROM totals")[0][0]);
        }
    }

    private static long keys(Engine engine) {
        return (Long) rows(engine, "SELECT COUNT(*) FROM totals")[0][0];
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
            long t = System.nanoTime();
            rows(engine, point[0]);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "point lookup (same statement repeated): median %.3f ms, p99 %.3f ms%n",
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

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
