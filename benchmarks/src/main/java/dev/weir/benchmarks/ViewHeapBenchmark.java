package dev.weir.benchmarks;

import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Heap in use (after a full GC) while a materialized view grows to {@code keys} keys, in {@code
 * steps} equal steps of new keys, in an engine with a data directory: the view's rows live on disk
 * (RocksDB), so the heap should stay flat however many rows it holds. After each step: the view's
 * row count (a snapshot query), a point lookup of the newest key, the heap after GC and the size of
 * the view's directory. Run with a small heap to show it does not need one, e.g. {@code java
 * -Xmx256m -Dweir.state.cache.bytes=67108864 -cp benchmarks/target/benchmarks.jar
 * dev.weir.benchmarks.ViewHeapBenchmark 1000000 5}.
 */
public final class ViewHeapBenchmark {
    private ViewHeapBenchmark() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("weir-view-heap");
        try (Engine engine = Engine.open(work.resolve("data"), FsyncPolicy.NEVER, 0)) {
            engine.execute("CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL)");
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n, SUM(v) AS total"
                            + " FROM ev GROUP BY k");
            System.out.printf(
                    Locale.ROOT,
                    "max heap %d MB; empty view: heap after GC %.1f MB%n",
                    Runtime.getRuntime().maxMemory() >> 20,
                    heapAfterGcMb());
            int perStep = keys / steps;
            for (int step = 1; step <= steps; step++) {
                long started = System.nanoTime();
                Path csv = work.resolve("step" + step + ".csv");
                writeEvents(csv, (long) (step - 1) * perStep, perStep);
                append(engine, csv, "src" + step);
                if (!engine.awaitViewsCaughtUp(1_200_000)) {
                    throw new IllegalStateException("the view did not catch up");
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long rows = (Long) single(engine, "SELECT COUNT(*) FROM totals");
                long newest = (long) step * perStep - 1;
                Object n = single(engine, "SELECT n FROM totals WHERE k = " + newest);
                System.out.printf(
                        Locale.ROOT,
                        "%,9d rows (step in %.1f s; lookup of key %d: n = %s): heap after GC"
                                + " %.1f MB; view directory %d MB%n",
                        rows,
                        seconds,
                        newest,
                        n,
                        heapAfterGcMb(),
                        sizeOf(work.resolve("data").resolve("views")) >> 20);
            }
        } finally {
            delete(work);
        }
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    private static void writeEvents(Path csv, long first, long count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            for (long i = first; i < first + count; i++) {
                out.write(Long.toString(i));
                out.write(",");
                out.write(Long.toString(i % 97));
                out.write('\n');
            }
        }
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
        for (Object[] row : ((StatementResult.Rows) engine.execute("SHOW QUERIES")).rows()) {
            if (row[0].equals(queryId)) {
                return (String) row[2];
            }
        }
        throw new IllegalStateException("no query " + queryId);
    }

    private static Object single(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql)).rows().get(0)[0];
    }

    private static long sizeOf(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
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
