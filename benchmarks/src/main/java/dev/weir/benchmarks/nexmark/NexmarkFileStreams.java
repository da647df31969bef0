package dev.weir.benchmarks.nexmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The DDL of the three Nexmark streams over the CSV files nexmark-gen writes ({@code person.csv},
 * {@code auction.csv}, {@code bid.csv}, each with a header line), read through the {@code file}
 * connector as a user would declare them. The columns and types are the Flink runner's.
 */
public final class NexmarkFileStreams {
    /** The streams, each read from the file of its name. */
    public static final List<String> STREAMS = List.of("person", "auction", "bid");

    /**
     * {@code bid} again, with a processing-time attribute {@code p_time} (not stored: the wall
     * clock when a row is read), for q13's lookup join. Flink's q13 adds it in a view ({@code
     * SELECT *, PROCTIME() AS p_time FROM bid}); Weir declares it on a stream.
     */
    public static final String BID_WITH_PROCESSING_TIME = "bid_p";

    private static final Map<String, String> COLUMNS =
            Map.of(
                    "person",
                    "id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR,"
                            + " city VARCHAR, state VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR",
                    "auction",
                    "id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT,"
                            + " reserve BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3),"
                            + " seller BIGINT, category BIGINT, extra VARCHAR",
                    "bid",
                    "auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
                            + " dateTime TIMESTAMP(3), extra VARCHAR");

    private NexmarkFileStreams() {}

    /** CREATE STREAM for each stream a query of the suite may read, {@code bid_p} included. */
    public static List<String> createStatements(Path dataDir) {
        List<String> statements = new java.util.ArrayList<>();
        for (String stream : STREAMS) {
            statements.add(createStatement(stream, dataDir));
        }
        statements.add(createStatement(BID_WITH_PROCESSING_TIME, dataDir));
        return statements;
    }

    /** CREATE STREAM for {@code stream}, reading {@code dataDir/stream.csv}. */
    public static String createStatement(String stream, Path dataDir) {
        boolean processingTime = stream.equals(BID_WITH_PROCESSING_TIME);
        String file = processingTime ? "bid" : stream;
        String columns =
                processingTime
                        ? COLUMNS.get("bid") + ", p_time AS PROCTIME()"
                        : COLUMNS.get(stream);
        if (columns == null) {
            throw new IllegalArgumentException("no Nexmark stream '" + stream + "'");
        }
        String path = dataDir.resolve(file + ".csv").toAbsolutePath().toString();
        return "CREATE STREAM "
                + stream
                + " ("
                + columns
                + ", WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND) WITH ("
                + "'connector' = 'file', 'path' = '"
                + path.replace("'", "''")
                + "', 'format' = 'csv', 'header' = 'true')";
    }
}
