package dev.weir.benchmarks;

import dev.weir.benchmarks.nexmark.NexmarkFileStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.TimeZone;
import java.util.stream.Stream;

/**
 * What a JDBC client sees of a running server, through {@code jdbc:weir://}: how many result rows
 * per second it reads, and how long an event takes from its event time to the client.
 *
 * <pre>
 * ServerThroughput URL fetch DATADIR        q0 (every bid) over nexmark-gen's bid.csv
 * ServerThroughput URL latency RATE SECONDS  a live Nexmark feed of RATE events/s, its bids
 * </pre>
 *
 * <p>{@code fetch} creates the stream {@code bid} over {@code DATADIR/bid.csv} (the file connector,
 * as {@link NexmarkFiles} reads it) and reads {@code SELECT * FROM bid EMIT STREAM} to its last
 * row: rows counted by the client over the wall time from executing the statement (planning
 * included). {@code latency} creates a paced Nexmark stream whose event time is the wall clock (the
 * generator stamps each event with the time it is due) and reads its bids for SECONDS: each row's
 * latency is the client's clock at {@code next()} minus the row's {@code dateTime}, so it counts
 * pacing, the engine, the server's frames and the HTTP round trips. Server and client must share a
 * clock: run both on one machine. The server is started separately ({@code bin/weir server}), so
 * what is measured is the server a user runs.
 */
public final class ServerThroughput {
    private ServerThroughput() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            usage();
            return;
        }
        // Timestamps cross the protocol as zone-less values: read them as UTC, as they were made.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        String url = args[0];
        switch (args[1]) {
            case "fetch" -> fetch(url, Path.of(args[2]));
            case "latency" -> {
                if (args.length < 4) {
                    usage();
                    return;
                }
                latency(url, Long.parseLong(args[2]), Long.parseLong(args[3]));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println(
                "usage: ServerThroughput URL fetch DATADIR | ServerThroughput URL latency RATE"
                        + " SECONDS");
        System.exit(2);
    }

    private static void fetch(String url, Path data) throws Exception {
        long expected;
        try (Stream<String> lines = Files.lines(data.resolve("bid.csv"))) {
            expected = lines.count() - 1;
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            dropQuietly(statement, "bid");
            statement.execute(NexmarkFileStreams.createStatement("bid", data));
            long started = System.nanoTime();
            long rows = 0;
            long checksum = 0;
            long reportAt = 1_000_000;
            try (ResultSet rs = statement.executeQuery("SELECT * FROM bid EMIT STREAM")) {
                int price = rs.findColumn("price");
                while (rows < expected && rs.next()) {
                    checksum += rs.getLong(price);
                    if (++rows == reportAt) {
                        System.err.printf(
                                Locale.ROOT,
                                "  %,d rows, %.1f s%n",
                                rows,
                                (System.nanoTime() - started) / 1e9);
                        reportAt += 1_000_000;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT fetch rows=%d expected=%d seconds=%.3f rows_per_s=%.0f"
                            + " price_checksum=%d%n",
                    rows,
                    expected,
                    seconds,
                    rows / seconds,
                    checksum);
            dropQuietly(statement, "bid");
        }
    }

    private static void latency(String url, long rate, long seconds) throws Exception {
        String stream = "latency_bid";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            dropQuietly(statement, stream);
            statement.execute(
                    "CREATE STREAM "
                            + stream
                            + " (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,"
                            + " url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR,"
                            + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
                            + " WITH ('connector' = 'nexmark', 'table' = 'bid',"
                            + " 'events-per-second' = '"
                            + rate
                            + "', 'base-time' = '"
                            + System.currentTimeMillis()
                            + "')");
            long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, rate * seconds)];
            int n = 0;
            long started = System.currentTimeMillis();
            long end = started + seconds * 1000;
            // The first second is warm-up (class loading, code compiled on first use): not counted.
            long countFrom = started + 1000;
            try (ResultSet rs =
                    statement.executeQuery("SELECT dateTime FROM " + stream + " EMIT STREAM")) {
                while (rs.next()) {
                    long now = System.currentTimeMillis();
                    if (now >= end) {
                        break;
                    }
                    if (now >= countFrom && n < latencies.length) {
                        latencies[n++] = now - rs.getTimestamp(1).getTime();
                    }
                }
            }
            Arrays.sort(latencies, 0, n);
            double measured = (end - countFrom) / 1000.0;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT latency rate=%d bids_read=%d bids_per_s=%.0f p50_ms=%d p99_ms=%d"
                            + " p999_ms=%d max_ms=%d%n",
                    rate,
                    n,
                    n / measured,
                    percentile(latencies, n, 0.50),
                    percentile(latencies, n, 0.99),
                    percentile(latencies, n, 0.999),
                    n == 0 ? -1 : latencies[n - 1]);
            dropQuietly(statement, stream);
        }
    }

    private static long percentile(long[] sorted, int n, double p) {
        return n == 0 ? -1 : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    private static void dropQuietly(Statement statement, String stream) {
        try {
            statement.execute("DROP STREAM IF EXISTS " + stream);
        } catch (SQLException e) {
            System.err.println("could not drop " + stream + ": " + e.getMessage());
        }
    }
}
