package dev.weir.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The soak: Weir's server, started as a user starts it ({@code bin/weir server}, a child process on
 * its own port and data directory), fed by the Nexmark generator at a fixed rate, with five
 * materialized views and twenty continuous queries on their own connections, sampled every interval
 * (RSS, heap after a full GC, threads, open files, state size, rows read, watermark lag, rows the
 * clients received). Exits 1 when the server dies, a client fails or gets no row, threads or open
 * files do not come back after the clients close, or a series is not flat.
 *
 * <pre>
 * SoakBenchmark DURATION INTERVAL RATE DATA_DIR PORT [--clients N] [--weir LAUNCHER]
 *   e.g. SoakBenchmark 60m 1m 2000 /tmp/weir-soak 8799
 * </pre>
 *
 * <p>DURATION and INTERVAL are like {@code 60m}, {@code 1m}, {@code 30s}; RATE is events per second
 * of every kind (1 person, 3 auctions, 46 bids in 50); DATA_DIR must be new or empty; {@code
 * --clients N} runs the first N of the twenty queries; LAUNCHER (default {@code bin/weir}, run from
 * the repository's root) is split on spaces, so {@code "java -cp CP dev.weir.server.Main"} works
 * too. The server's JVM options come from {@code WEIR_JAVA_OPTS}, as for any {@code bin/weir
 * server}.
 */
public final class SoakBenchmark {
    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            usage();
        }
        Duration duration = duration(args[0]);
        Duration interval = duration(args[1]);
        long rate = Long.parseLong(args[2]);
        Path dataDir = Path.of(args[3]).toAbsolutePath();
        int port = Integer.parseInt(args[4]);
        List<SoakWorkload.Query> queries = SoakWorkload.queries();
        List<String> launcher = List.of("bin/weir");
        for (int i = 5; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> {
                    int n = Integer.parseInt(value(args, ++i));
                    queries = queries.subList(0, Math.min(n, queries.size()));
                }
                case "--weir" -> launcher = List.of(value(args, ++i).strip().split("\\s+"));
                default -> usage();
            }
        }
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    System.err.println("soak: " + dataDir + " is not empty; give a new directory");
                    System.exit(2);
                }
            }
        }
        SoakRun.Result result =
                new SoakRun(
                                new SoakRun.Config(
                                        launcher, dataDir, port, rate, duration, interval, queries),
                                System.out)
                        .run();
        SoakRun.report(result, System.out);
        System.exit(result.ok() && result.flat() && !result.verdicts().isEmpty() ? 0 : 1);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage();
        }
        return args[i];
    }

    /** {@code 60m}, {@code 90s}, {@code 1h}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(text + ": try 60m, 1m or 30s");
        };
    }

    private static void usage() {
        System.err.println(
                "usage: SoakBenchmark DURATION INTERVAL RATE DATA_DIR PORT [--clients N]"
                        + " [--weir LAUNCHER]\n"
                        + "  e.g. SoakBenchmark 60m 1m 2000 /tmp/weir-soak 8799");
        System.exit(2);
    }
}
