package dev.weir.benchmarks.nexmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each Nexmark query's answer written for DuckDB over the same CSV files: the independent reference
 * {@link NexmarkCheck} holds Weir's final rows against.
 *
 * <p>Written from the Nexmark definitions, not from Weir's SQL: windows are computed from epoch
 * milliseconds, sessions as gaps of at least the session gap, Flink's functions with DuckDB's own
 * ({@code regexp_extract} with a group number, a list index for {@code SPLIT_INDEX}). The
 * generator's files have no row later than the watermark allows (their {@code maxDelayMs} is 3,000,
 * the watermark's delay 4 s), so the batch answer is the streaming one. Where Weir breaks ties by
 * arrival (Top-N and deduplication: the later row first when the first sort key is descending), the
 * reference does too, by the row's position in its file ({@code pos}).
 *
 * @param sql the query, over the views {@code person}, {@code auction} and {@code bid}
 * @param compared the result columns compared (0-based), empty for all
 * @param summed whether Weir's rows are compared summed: grouped by the compared columns but the
 *     last, which is added up. For processing-time windows, whose bounds depend on when the rows
 *     were read: the reference cannot know them, but every row is in a window once.
 */
public record NexmarkReference(String sql, List<Integer> compared, boolean summed) {
    private static final Map<String, NexmarkReference> ALL = new LinkedHashMap<>();

    /**
     * Window bounds from epoch milliseconds: the start of the {@code size}-ms window of {@code t}.
     */
    private static String windowStart(String time, long sizeMillis) {
        return "epoch_ms(CAST(floor(epoch_ms("
                + time
                + ") / "
                + sizeMillis
                + ".0) AS BIGINT) * "
                + sizeMillis
                + ")";
    }

    private static final String TUMBLE_10S_BID =
            "SELECT *, " + windowStart("dateTime", 10_000) + " AS ws FROM bid";

    /** Each bid in each of the five 10 s windows, sliding by 2 s, that hold it. */
    private static final String HOP_BID =
            "SELECT b.*, "
                    + windowStart("dateTime", 2_000)
                    + " - to_milliseconds(k * 2000) AS ws FROM bid b, range(0, 5) r(k)";

    /** Each bid with the start of its bidder's session (a gap of 10 s or more starts one). */
    private static final String SESSION_BID =
            """
            SELECT bidder, dateTime, price,
              sum(CASE WHEN gap IS NULL OR gap >= 10000 THEN 1 ELSE 0 END)
                OVER (PARTITION BY bidder ORDER BY dateTime ROWS UNBOUNDED PRECEDING) AS session
            FROM (SELECT bidder, dateTime, price,
                    epoch_ms(dateTime) - lag(epoch_ms(dateTime))
                      OVER (PARTITION BY bidder ORDER BY dateTime) AS gap
                  FROM bid)""";

    private static final String DAY = "strftime(dateTime, '%Y-%m-%d')";

    private static final String PRICE_RANKS =
            """
            count(*) FILTER (WHERE price < 10000),
            count(*) FILTER (WHERE price >= 10000 AND price < 1000000),
            count(*) FILTER (WHERE price >= 1000000)""";

    private static final String DISTINCT_RANKS =
            """
            count(DISTINCT bidder),
            count(DISTINCT bidder) FILTER (WHERE price < 10000),
            count(DISTINCT bidder) FILTER (WHERE price >= 10000 AND price < 1000000),
            count(DISTINCT bidder) FILTER (WHERE price >= 1000000),
            count(DISTINCT auction),
            count(DISTINCT auction) FILTER (WHERE price < 10000),
            count(DISTINCT auction) FILTER (WHERE price >= 10000 AND price < 1000000),
            count(DISTINCT auction) FILTER (WHERE price >= 1000000)""";

    private static final String CHANNEL_ID = "'(&|^)channel_id=([^&]*)'";

    static {
        add("q0", "SELECT auction, bidder, price, dateTime, extra FROM bid");
        add("q1", "SELECT auction, bidder, 0.908 * price, dateTime, extra FROM bid");
        add("q2", "SELECT auction, price FROM bid WHERE auction % 123 = 0");
        add(
                "q3",
                """
                SELECT P.name, P.city, P.state, A.id
                FROM auction A JOIN person P ON A.seller = P.id
                WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')""");
        // AVG of BIGINT is a BIGINT truncated toward zero; the maxima are positive.
        add(
                "q4",
                """
                SELECT category, CAST(sum(final) // count(final) AS BIGINT)
                FROM (SELECT A.id, A.category, max(B.price) AS final
                      FROM auction A JOIN bid B ON A.id = B.auction
                      WHERE B.dateTime BETWEEN A.dateTime AND A.expires
                      GROUP BY A.id, A.category)
                GROUP BY category""");
        add(
                "q5",
                "WITH hop AS ("
                        + HOP_BID
                        + "), counts AS (SELECT auction, ws, count(*) AS num FROM hop"
                        + " GROUP BY auction, ws), maxima AS (SELECT ws, max(num) AS maxn"
                        + " FROM counts GROUP BY ws)"
                        + " SELECT c.auction, c.num, c.ws, c.ws + INTERVAL 10 SECOND"
                        + " FROM counts c JOIN maxima m ON c.ws = m.ws AND c.num >= m.maxn");
        add(
                "q7",
                "WITH maxima AS (SELECT max(price) AS maxprice, ws + INTERVAL 10 SECOND AS we"
                        + " FROM ("
                        + TUMBLE_10S_BID
                        + ") GROUP BY ws)"
                        + " SELECT B.auction, B.bidder, B.price, B.dateTime, B.extra"
                        + " FROM bid B JOIN maxima M ON B.price = M.maxprice"
                        + " WHERE B.dateTime BETWEEN M.we - INTERVAL 10 SECOND AND M.we");
        add(
                "q8",
                "WITH p AS (SELECT DISTINCT id, name, "
                        + windowStart("dateTime", 10_000)
                        + " AS ws FROM person), a AS (SELECT DISTINCT seller, "
                        + windowStart("dateTime", 10_000)
                        + " AS ws FROM auction)"
                        + " SELECT p.id, p.name, p.ws FROM p JOIN a ON p.id = a.seller"
                        + " AND p.ws = a.ws");
        // The winning bid's bidder and extra are left out: two bids of one auction with the
        // same price and time tie, and which arrives at the Top-N first depends on the join.
        add(
                "q9",
                """
                SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller,
                  category, extra, auction, bidder, price, bid_dateTime, bid_extra
                FROM (SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime,
                        B.extra AS bid_extra,
                        row_number() OVER (PARTITION BY A.id
                          ORDER BY B.price DESC, B.dateTime ASC) AS rownum
                      FROM auction A JOIN bid B ON A.id = B.auction
                      WHERE B.dateTime BETWEEN A.dateTime AND A.expires)
                WHERE rownum = 1""",
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13));
        add(
                "q10",
                "SELECT auction, bidder, price, dateTime, extra, "
                        + DAY
                        + ", strftime(dateTime, '%H:%M') FROM bid");
        add(
                "q11",
                "SELECT bidder, count(*), min(dateTime),"
                        + " max(dateTime) + INTERVAL 10 SECOND FROM ("
                        + SESSION_BID
                        + ") GROUP BY bidder, session");
        // Processing-time windows: the bids per bidder, summed over the windows the clock made.
        ALL.put(
                "q12",
                new NexmarkReference(
                        "SELECT bidder, count(*) FROM bid GROUP BY bidder", List.of(0, 1), true));
        add(
                "q13",
                "SELECT auction, bidder, price, dateTime, CAST(auction % 10000 AS VARCHAR)"
                        + " FROM bid");
        add(
                "q14",
                """
                SELECT auction, bidder, 0.908 * price,
                  CASE
                    WHEN hour(dateTime) >= 8 AND hour(dateTime) <= 18 THEN 'dayTime'
                    WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime'
                    ELSE 'otherTime'
                  END,
                  dateTime, extra, length(extra) - length(replace(extra, 'c', ''))
                FROM bid
                WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000""");
        add(
                "q15",
                "SELECT "
                        + DAY
                        + ", count(*), "
                        + PRICE_RANKS
                        + ", "
                        + DISTINCT_RANKS
                        + " FROM bid GROUP BY "
                        + DAY);
        add(
                "q16",
                "SELECT channel, "
                        + DAY
                        + ", max(strftime(dateTime, '%H:%M')), count(*), "
                        + PRICE_RANKS
                        + ", "
                        + DISTINCT_RANKS
                        + " FROM bid GROUP BY channel, "
                        + DAY);
        add(
                "q17",
                "SELECT auction, "
                        + DAY
                        + ", count(*), "
                        + PRICE_RANKS
                        + ", min(price), max(price),"
                        + " CAST(sum(price) // count(price) AS BIGINT), sum(price)"
                        + " FROM bid GROUP BY auction, "
                        + DAY);
        add(
                "q18",
                """
                SELECT auction, bidder, price, channel, url, dateTime, extra
                FROM (SELECT *, row_number() OVER (PARTITION BY bidder, auction
                        ORDER BY dateTime DESC, pos DESC) AS rn FROM bid)
                WHERE rn = 1""");
        add(
                "q19",
                """
                SELECT auction, bidder, price, channel, url, dateTime, extra, rn
                FROM (SELECT *, row_number() OVER (PARTITION BY auction
                        ORDER BY price DESC, pos DESC) AS rn FROM bid)
                WHERE rn <= 10""");
        add(
                "q20",
                """
                SELECT B.auction, B.bidder, B.price, B.channel, B.url, B.dateTime, B.extra,
                  A.itemName, A.description, A.initialBid, A.reserve, A.dateTime, A.expires,
                  A.seller, A.category, A.extra
                FROM bid B JOIN auction A ON B.auction = A.id
                WHERE A.category = 10""");
        // Flink's REGEXP_EXTRACT is NULL without a match; DuckDB's is ''.
        add(
                "q21",
                "SELECT auction, bidder, price, channel, CASE"
                        + " WHEN lower(channel) = 'apple' THEN '0'"
                        + " WHEN lower(channel) = 'google' THEN '1'"
                        + " WHEN lower(channel) = 'facebook' THEN '2'"
                        + " WHEN lower(channel) = 'baidu' THEN '3'"
                        + " WHEN regexp_matches(url, "
                        + CHANNEL_ID
                        + ") THEN regexp_extract(url, "
                        + CHANNEL_ID
                        + ", 2) END FROM bid WHERE regexp_matches(url, "
                        + CHANNEL_ID
                        + ") OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu')");
        // SPLIT_INDEX(url, '/', n) counts fields from 0; a DuckDB list from 1.
        add(
                "q22",
                "SELECT auction, bidder, price, channel, string_split(url, '/')[4],"
                        + " string_split(url, '/')[5], string_split(url, '/')[6] FROM bid");
        add(
                "tumble_agg",
                "SELECT auction, ws, ws + INTERVAL 10 SECOND, count(*), max(price) FROM ("
                        + TUMBLE_10S_BID
                        + ") GROUP BY auction, ws");
        add(
                "hop_agg",
                "SELECT auction, ws, ws + INTERVAL 10 SECOND, count(*), max(price) FROM ("
                        + HOP_BID
                        + ") GROUP BY auction, ws");
        add(
                "session_agg",
                "SELECT bidder, min(dateTime), max(dateTime) + INTERVAL 10 SECOND, count(*),"
                        + " max(price) FROM ("
                        + SESSION_BID
                        + ") GROUP BY bidder, session");
    }

    private static void add(String name, String sql) {
        add(name, sql, List.of());
    }

    private static void add(String name, String sql, List<Integer> compared) {
        ALL.put(name, new NexmarkReference(sql, compared, false));
    }

    public static Optional<NexmarkReference> find(String query) {
        return Optional.ofNullable(ALL.get(query));
    }
}
