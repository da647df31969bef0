package dev.weir.benchmarks;

import dev.weir.benchmarks.nexmark.NexmarkFileStreams;
import dev.weir.benchmarks.nexmark.NexmarkQueries;
import dev.weir.benchmarks.nexmark.NexmarkQuery;
import dev.weir.benchmarks.nexmark.QueryRun;
import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs one Nexmark query over the CSV files of the shared benchmark's generator (nexmark-gen), as a
 * user's query runs: the streams created by DDL over the {@code file} connector, the query given to
 * the {@link Engine}, every change of its stream realization drained. Prints the Flink runner's
 * {@code RESULT} line, so that {@code side-by-side.sh} can set the two against each other:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.weir.benchmarks.NexmarkFiles
 *     [--state heap|rocksdb] [--out FILE] QUERY DATADIR
 * </pre>
 *
 * <p>{@code events_read} counts the rows of the files the query reads (from the generator's {@code
 * manifest.properties}, as the Flink runner counts them); {@code wall_s} runs from submitting the
 * query (planning included) to its end, after its last result; {@code job_s} from its job's start
 * to its end; {@code result_rows} counts result changes, retractions included. State {@code heap}
 * is {@link Engine#inMemory()}; {@code rocksdb} is an engine over a (temporary) data directory, as
 * the server runs, whose continuous queries keep their state in RocksDB. {@code --out FILE} writes
 * the query's final rows, as {@code compare.py} reads them.
 */
public final class NexmarkFiles {
    private NexmarkFiles() {}

    /** What to run. */
    private record Options(String query, Path data, String state, Optional<Path> out) {}

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        NexmarkQuery query =
                NexmarkQueries.find(options.query())
                        .orElseThrow(() -> usage("unknown query '" + options.query() + "'"));
        long eventsRead = 0;
        Properties manifest = manifest(options.data());
        for (String input : query.inputs()) {
            eventsRead += rows(options.data(), input, manifest);
        }
        Path stateDir = null;
        Engine engine;
        if (options.state().equals("rocksdb")) {
            stateDir = Files.createTempDirectory("weir-nexmark-files");
            engine = Engine.open(stateDir, FsyncPolicy.ALWAYS);
        } else {
            engine = Engine.inMemory();
        }
        try {
            for (String ddl : NexmarkFileStreams.createStatements(options.data())) {
                engine.execute(ddl);
            }
            run(engine, query, eventsRead, options.out());
        } finally {
            engine.close();
            if (stateDir != null) {
                delete(stateDir);
            }
        }
        System.exit(0);
    }

    private static void run(Engine engine, NexmarkQuery query, long eventsRead, Optional<Path> out)
            throws InterruptedException, IOException {
        QueryRun run = QueryRun.run(engine, query, out.isPresent());
        if (out.isPresent()) {
            int written = run.finalRows().orElseThrow().write(out.get());
            System.out.println("wrote " + written + " rows to " + out.get());
        }
        double wall = run.wallSeconds();
        System.out.printf(
                Locale.ROOT,
                "query=%s  events_read=%d (%s)  wall_s=%.3f  job_s=%.3f  events_per_s=%.0f"
                        + "  result_rows=%d  malformed=%d  late=%d%n",
                query.name(),
                eventsRead,
                String.join("+", query.inputs()),
                wall,
                run.jobSeconds(),
                eventsRead / wall,
                run.changes(),
                run.malformed(),
                run.late());
        System.out.printf(
                Locale.ROOT,
                "RESULT\t%s\t%d\t%d\t%.3f\t%.3f\t%.0f\t%d%n",
                query.name(),
                1,
                eventsRead,
                wall,
                run.jobSeconds(),
                eventsRead / wall,
                run.changes());
        System.out.flush();
    }

    private static Options parse(String[] args) {
        String query = null;
        String data = null;
        String state = "heap";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw usage("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--query" -> query = v;
                    case "--data" -> data = v;
                    case "--state" -> state = v;
                    case "--out" -> out = Path.of(v);
                    default -> throw usage("unknown option " + a);
                }
            } else if (query == null) {
                query = a;
            } else if (data == null) {
                data = a;
            } else {
                throw usage("unexpected argument " + a);
            }
        }
        if (query == null || data == null) {
            throw usage("a query and a data directory are required");
        }
        if (!state.equals("heap") && !state.equals("rocksdb")) {
            throw usage("--state is heap or rocksdb, not " + state);
        }
        return new Options(query, Path.of(data), state, Optional.ofNullable(out));
    }

    private static IllegalArgumentException usage(String problem) {
        StringBuilder b = new StringBuilder("error: ").append(problem).append('\n');
        b.append("usage: NexmarkFiles [--state heap|rocksdb] [--out FILE] QUERY DATADIR\n");
        b.append("queries:");
        for (NexmarkQuery q : NexmarkQueries.all()) {
            b.append(' ').append(q.name());
        }
        System.err.println(b);
        System.exit(2);
        return new IllegalArgumentException(problem);
    }

    private static Properties manifest(Path data) throws IOException {
        Properties manifest = new Properties();
        Path file = data.resolve("manifest.properties");
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                manifest.load(r);
            }
        }
        return manifest;
    }

    /** The rows of a stream's file: the manifest's count, or its lines but the header. */
    private static long rows(Path data, String stream, Properties manifest) throws IOException {
        String count = manifest.getProperty(stream + "s");
        if (count != null) {
            return Long.parseLong(count.trim());
        }
        try (Stream<String> lines = Files.lines(data.resolve(stream + ".csv"))) {
            return lines.count() - 1;
        }
    }

    /** Deletes the temporary data directory; a failure is reported, not fatal to the run. */
    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("warning: " + dir + " was not deleted: " + e);
        }
    }
}
