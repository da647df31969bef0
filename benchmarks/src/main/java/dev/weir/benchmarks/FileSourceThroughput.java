package dev.weir.benchmarks;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.file.FileFormat;
import dev.weir.executor.connector.file.FileSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The file connector alone: how fast it reads and decodes one of nexmark-gen's CSV files into rows,
 * with no query behind it. {@code java -cp benchmarks/target/benchmarks.jar
 * dev.weir.benchmarks.FileSourceThroughput DATADIR [person|auction|bid] [passes]} prints, per pass,
 * rows per second of wall time and per second of the reading thread's CPU time (the first passes
 * warm the JIT up).
 */
public final class FileSourceThroughput {
    private static final ValueType B = ValueType.BIGINT;
    private static final ValueType S = ValueType.VARCHAR;
    private static final ValueType T = ValueType.TIMESTAMP;

    private static final Map<String, List<ValueType>> TYPES =
            Map.of(
                    "person", List.of(B, S, S, S, S, S, T, S),
                    "auction", List.of(B, S, S, B, B, T, T, B, B, S),
                    "bid", List.of(B, B, B, S, S, T, S));

    // On a shared machine wall time says more about the neighbours than about the decoder.
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FileSourceThroughput() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String stream = args.length > 1 ? args[1] : "bid";
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<ValueType> types = TYPES.get(stream);
        List<String> names = IntStream.range(0, types.size()).mapToObj(i -> "c" + i).toList();
        Path file = data.resolve(stream + ".csv");
        double megabytes = Files.size(file) / 1e6;
        for (int pass = 1; pass <= passes; pass++) {
            FileSource source = new FileSource(file, FileFormat.CSV, names, types, true, false);
            long rows = 0;
            long checksum = 0;
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            while (!source.isEnded()) {
                List<Row> batch = source.poll(1024);
                rows += batch.size();
                for (Row row : batch) {
                    checksum += row.get(0) == null ? 0 : ((Long) row.get(0));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            source.close();
            System.out.printf(
                    Locale.ROOT,
                    "pass %d: %d rows in %.3f s (%.3f s of CPU): %.0f rows/s, %.0f rows per CPU"
                            + " second, %.1f MB per CPU second (malformed %d, sum %d)%n",
                    pass,
                    rows,
                    seconds,
                    cpuSeconds,
                    rows / seconds,
                    rows / cpuSeconds,
                    megabytes / cpuSeconds,
                    source.malformedCount(),
                    checksum);
        }
    }
}
