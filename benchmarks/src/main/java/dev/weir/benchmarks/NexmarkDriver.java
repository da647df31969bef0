package dev.weir.benchmarks;

import dev.weir.common.row.Change;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.connector.nexmark.NexmarkConfig;
import dev.weir.executor.connector.nexmark.NexmarkSource;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.plan.ExecNode;
import dev.weir.plan.JobGraph;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs Nexmark queries in-process over N generated events and prints throughput and peak heap:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.weir.benchmarks.NexmarkDriver [events]
 * [heap|rocksdb] [query...]}. Events count every kind, as Nexmark does: of each 50, the bid stream
 * sees 46, auction 3 and person 1; a join's sources together read all N.
 */
public final class NexmarkDriver {
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("q0", "SELECT auction, bidder, price, dateTime, extra FROM bid");
        QUERIES.put(
                "q1", "SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid");
        QUERIES.put("q2", "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0");
        QUERIES.put(
                "tumble",
                "SELECT auction, window_start, window_end, COUNT(*) AS n, MAX(price) AS top FROM"
                        + " TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
                        + " GROUP BY auction, window_start, window_end EMIT STREAM AFTER WATERMARK");
        QUERIES.put(
                "hop",
                "SELECT auction, window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE bid,"
                        + " DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                        + " GROUP BY auction, window_start, window_end EMIT STREAM AFTER WATERMARK");
        QUERIES.put(
                "session",
                "SELECT bidder, window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE bid"
                        + " PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY"
                        + " bidder, window_start, window_end EMIT STREAM AFTER WATERMARK");
        // q3: sellers in three states and their auctions in one category (a regular join, whose
        // state keeps every person and auction).
        QUERIES.put(
                "q3",
                "SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person p ON a.seller ="
                        + " p.id WHERE a.category = 10 AND (p.state = 'OR' OR p.state = 'ID' OR"
                        + " p.state = 'CA') EMIT STREAM");
        // q8: people who opened auctions in the 10 s window they joined (a window join, whose
        // state the watermark clears window by window).
        QUERIES.put(
                "q8",
                "SELECT p.id, p.name, p.window_start FROM TABLE(TUMBLE(TABLE person,"
                        + " DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) p JOIN TABLE(TUMBLE(TABLE"
                        + " auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) a ON p.id ="
                        + " a.seller AND p.window_start = a.window_start AND p.window_end ="
                        + " a.window_end EMIT STREAM");
    }

    private NexmarkDriver() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000;
        String stateKind = args.length > 1 ? args[1] : "heap";
        String[] queries =
                args.length > 2
                        ? java.util.Arrays.copyOfRange(args, 2, args.length)
                        : QUERIES.keySet().toArray(new String[0]);
        System.out.printf(
                Locale.ROOT,
                "%-8s %12s %10s %14s %12s %12s%n",
                "query",
                "events",
                "seconds",
                "events/s",
                "rows out",
                "peak heap MB");
        for (String query : queries) {
            run(query, QUERIES.get(query), events, stateKind);
        }
    }

    static void run(String name, String sql, long events, String stateKind) throws Exception {
        Catalog catalog = Catalog.inMemory();
        for (NexmarkTable table : NexmarkTable.values()) {
            String stream = table.name().toLowerCase(Locale.ROOT);
            catalog.add(
                    new Planner(catalog)
                            .stream(
                                    (SqlCreateStream)
                                            WeirParser.parseStatement(
                                                    table.createStatement(stream, 0))));
        }
        JobGraph graph = new Planner(catalog).planQuery(WeirParser.parseStatement(sql)).graph();
        NexmarkConfig config =
                new NexmarkConfig(0, events, 0, NexmarkConfig.DEFAULT_BASE_TIME, 10_000);
        SourceFactory sources =
                new SourceFactory() {
                    @Override
                    public SourceFunction open(ExecNode.Source source) {
                        return new NexmarkSource(
                                NexmarkTable.valueOf(source.stream().toUpperCase(Locale.ROOT)),
                                config,
                                System::currentTimeMillis,
                                0);
                    }

                    @Override
                    public boolean isBounded(ExecNode.Source source) {
                        return true;
                    }
                };
        long[] rowsOut = {0};
        ResultSink sink =
                new ResultSink() {
                    @Override
                    public void accept(Change change) {
                        rowsOut[0]++;
                    }

                    @Override
                    public void finish() {}

                    @Override
                    public void fail(Throwable error) {
                        throw new IllegalStateException(error);
                    }
                };
        StateBackend state =
                stateKind.equals("rocksdb")
                        ? RocksDbStateBackend.open(Files.createTempDirectory("weir-bench"))
                        : new HeapStateBackend();
        System.gc();
        resetPeaks();
        Job job = JobCompiler.compile(name, graph, sources, state, sink, System::currentTimeMillis);
        long start = System.nanoTime();
        job.runToCompletion();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%-8s %12d %10.2f %14.0f %12d %12d%n",
                name,
                events,
                seconds,
                events / seconds,
                rowsOut[0],
                peakHeapBytes() >> 20);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
