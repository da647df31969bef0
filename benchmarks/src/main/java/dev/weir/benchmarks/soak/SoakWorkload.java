package dev.weir.benchmarks.soak;

import dev.weir.executor.connector.nexmark.NexmarkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the soak runs over the Nexmark streams: the streams themselves, five materialized views and
 * twenty continuous queries.
 *
 * <p>Every view and query is chosen so that its state is bounded while the feed runs forever, so
 * that a growing heap, RSS or data directory is a leak and not the workload: windows expire, joins
 * are interval joins, unbounded GROUP BYs are over finite key spaces (6 states, 5 categories,
 * 10,004 channels, all seen within the first minutes), the filter view filters a view of bounded
 * size. What still grows, and is accounted for in the tolerance on state size: the two windowed
 * views keep one row per finished window (5 categories per 10 s and one row per 5 s slide: about
 * 2,500 small rows an hour).
 */
public final class SoakWorkload {
    /** A continuous query a client runs: a short name for the report, and its SQL. */
    public record Query(String name, String sql) {}

    private static final String TUMBLE_BID_10S =
            "TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))";

    private SoakWorkload() {}

    /** The three Nexmark streams, paced to {@code eventsPerSecond} events of every kind. */
    public static List<String> streams(long eventsPerSecond) {
        List<String> ddl = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (NexmarkTable table : NexmarkTable.values()) {
            // As bin/weir server --demo does, with the soak's rate; a base time of now makes the
            // event time the wall clock, so the watermark lag says whether the server keeps up.
            ddl.add(
                    table.createStatement(table.name().toLowerCase(Locale.ROOT), eventsPerSecond)
                            .replace(
                                    "'events-per-second' = '" + eventsPerSecond + "'",
                                    "'events-per-second' = '"
                                            + eventsPerSecond
                                            + "', 'base-time' = '"
                                            + now
                                            + "'"));
        }
        return ddl;
    }

    /** The five materialized views, in creation order (the last reads the first). */
    public static List<String> materializedViews() {
        return List.of(
                // An unbounded GROUP BY over a finite key space (10,004 channels).
                "CREATE MATERIALIZED VIEW soak_channels AS SELECT channel, COUNT(*) AS bids,"
                        + " MAX(price) AS top FROM bid GROUP BY channel",
                // Windowed counts: auctions per category per 10 s, final rows only.
                "CREATE MATERIALIZED VIEW soak_category_windows AS SELECT category,"
                        + " window_start, window_end, COUNT(*) AS auctions FROM"
                        + " TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10'"
                        + " SECOND)) GROUP BY category, window_start, window_end EMIT AFTER"
                        + " WATERMARK",
                // A HOP aggregate: bids and volume over 30 s, every 5 s.
                "CREATE MATERIALIZED VIEW soak_hop AS SELECT window_start, window_end,"
                        + " COUNT(*) AS bids, SUM(price) AS volume FROM TABLE(HOP(TABLE bid,"
                        + " DESCRIPTOR(dateTime), INTERVAL '5' SECOND, INTERVAL '30' SECOND))"
                        + " GROUP BY window_start, window_end EMIT AFTER WATERMARK",
                // A join of auction and person: auctions by sellers who joined in the 10 s
                // before, per state (an interval join: its state expires with the interval).
                "CREATE MATERIALIZED VIEW soak_new_sellers AS SELECT p.state, COUNT(*) AS"
                        + " auctions FROM auction a JOIN person p ON a.seller = p.id AND"
                        + " a.dateTime BETWEEN p.dateTime AND p.dateTime + INTERVAL '10' SECOND"
                        + " GROUP BY p.state",
                // A filter, over the first view: the four hot channels.
                "CREATE MATERIALIZED VIEW soak_hot_channels AS SELECT channel, bids, top FROM"
                        + " soak_channels WHERE channel NOT LIKE 'channel-%'");
    }

    /** The twenty continuous queries of the hour run. */
    public static List<Query> queries() {
        return List.of(
                // Keyless filters and projections (the EMIT STREAM ver map once leaked here).
                q("q0_bids", "SELECT auction, bidder, price, dateTime FROM bid EMIT STREAM"),
                q(
                        "q1_euros",
                        "SELECT auction, bidder, price * 908 / 1000 AS euros, dateTime FROM bid"
                                + " WHERE MOD(bidder, 10) = 0 EMIT STREAM"),
                q(
                        "q2_auctions",
                        "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0 EMIT STREAM"),
                q(
                        "people_west",
                        "SELECT id, name, city, state FROM person WHERE state IN ('OR', 'ID',"
                                + " 'CA') EMIT STREAM"),
                q(
                        "google_bids",
                        "SELECT auction, channel, url FROM bid WHERE channel = 'Google' EMIT"
                                + " STREAM"),
                q(
                        "category_10",
                        "SELECT id, itemName, initialBid FROM auction WHERE category = 10 EMIT"
                                + " STREAM"),
                // Windowed aggregates, final rows once the watermark passes.
                q(
                        "tumble_auction",
                        "SELECT auction, window_start, window_end, COUNT(*) AS bids FROM "
                                + TUMBLE_BID_10S
                                + " GROUP BY auction, window_start, window_end EMIT STREAM"
                                + " AFTER WATERMARK"),
                q(
                        "tumble_max",
                        "SELECT window_start, window_end, MAX(price) AS top, COUNT(*) AS bids"
                                + " FROM "
                                + TUMBLE_BID_10S
                                + " GROUP BY window_start, window_end EMIT STREAM AFTER"
                                + " WATERMARK"),
                q(
                        "hop_auction",
                        "SELECT auction, window_start, window_end, COUNT(*) AS bids FROM"
                                + " TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2'"
                                + " SECOND, INTERVAL '10' SECOND)) GROUP BY auction,"
                                + " window_start, window_end EMIT STREAM AFTER WATERMARK"),
                q(
                        "hop_category",
                        "SELECT category, window_start, window_end, COUNT(*) AS auctions,"
                                + " AVG(initialBid) AS avg_initial FROM TABLE(HOP(TABLE auction,"
                                + " DESCRIPTOR(dateTime), INTERVAL '5' SECOND, INTERVAL '20'"
                                + " SECOND)) GROUP BY category, window_start, window_end EMIT"
                                + " STREAM AFTER WATERMARK"),
                // Sessions per channel: the 10,000 cold channels see a bid every ~10 s, so their
                // sessions close; the 4 hot ones never do, but a session keeps accumulators only.
                q(
                        "session_channel",
                        "SELECT channel, window_start, window_end, COUNT(*) AS bids, MAX(price)"
                                + " AS top FROM TABLE(SESSION(TABLE bid PARTITION BY channel,"
                                + " DESCRIPTOR(dateTime), INTERVAL '2' SECOND)) GROUP BY channel,"
                                + " window_start, window_end EMIT STREAM AFTER WATERMARK"),
                q(
                        "cumulate_volume",
                        "SELECT window_start, window_end, SUM(price) AS volume FROM"
                                + " TABLE(CUMULATE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '5'"
                                + " SECOND, INTERVAL '30' SECOND)) GROUP BY window_start,"
                                + " window_end EMIT STREAM AFTER WATERMARK"),
                // Joins: two interval joins and a window join.
                q(
                        "join_new_sellers",
                        "SELECT a.id, a.itemName, p.name, p.city FROM auction a JOIN person p"
                                + " ON a.seller = p.id AND a.dateTime BETWEEN p.dateTime AND"
                                + " p.dateTime + INTERVAL '10' SECOND EMIT STREAM"),
                q(
                        "join_early_bids",
                        "SELECT b.auction, b.price, a.reserve FROM bid b JOIN auction a ON"
                                + " b.auction = a.id AND b.dateTime BETWEEN a.dateTime AND"
                                + " a.dateTime + INTERVAL '5' SECOND EMIT STREAM"),
                q(
                        "window_join",
                        "SELECT b.auction, b.price, a.reserve, b.window_start, b.window_end FROM "
                                + TUMBLE_BID_10S
                                + " b JOIN TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime),"
                                + " INTERVAL '10' SECOND)) a ON b.auction = a.id AND"
                                + " b.window_start = a.window_start AND b.window_end ="
                                + " a.window_end EMIT STREAM AFTER WATERMARK"),
                // Subscriptions to materialized views.
                q("sub_hop", "SELECT * FROM soak_hop EMIT STREAM"),
                q("sub_category_windows", "SELECT * FROM soak_category_windows EMIT STREAM"),
                q("sub_new_sellers", "SELECT * FROM soak_new_sellers EMIT STREAM"),
                // Unbounded GROUP BYs over finite keys, every change pushed.
                q(
                        "group_category",
                        "SELECT category, COUNT(*) AS auctions, MAX(reserve) AS top_reserve"
                                + " FROM auction GROUP BY category EMIT STREAM"),
                q(
                        "group_state",
                        "SELECT state, COUNT(*) AS people FROM person GROUP BY state EMIT"
                                + " STREAM"));
    }

    /**
     * The few clients of the short run in CI: one of each kind, each sure to get rows within
     * seconds at a modest rate.
     */
    public static List<Query> shortQueries() {
        List<String> names =
                List.of("q2_auctions", "tumble_max", "hop_category", "sub_hop", "group_state");
        return queries().stream().filter(q -> names.contains(q.name())).toList();
    }

    private static Query q(String name, String sql) {
        return new Query(name, sql);
    }
}
