package dev.weir.benchmarks.nexmark;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Nexmark queries in Weir's dialect, with the semantics of the Flink runner's ({@code
 * bench/Queries.java} in the shared benchmark tools): the one place their SQL lives.
 *
 * <p>Where the forms differ: Flink's result is a changelog its sink consumes, Weir's is a stream
 * realization, so every query ends with {@code EMIT STREAM}. A Flink window aggregate emits each
 * window's final rows once, when the watermark passes the window's end; in Weir that is {@code EMIT
 * STREAM AFTER WATERMARK} (without it Weir would also realize every early, retracted version of a
 * window's row). Flink 2.x reserves DATETIME and writes {@code `dateTime`}; Weir takes it unquoted.
 */
public final class NexmarkQueries {
    private static final Map<String, NexmarkQuery> ALL = new LinkedHashMap<>();

    private static final List<String> BID = List.of("bid");

    /** q15's and q16's counts of bids, bidders and auctions, overall and per price rank. */
    private static final String PRICE_RANKS =
            """
            COUNT(*) AS total_bids,
            COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
            COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
            COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
            COUNT(DISTINCT bidder) AS total_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price < 10000) AS rank1_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price >= 10000 AND price < 1000000)
              AS rank2_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price >= 1000000) AS rank3_bidders,
            COUNT(DISTINCT auction) AS total_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price < 10000) AS rank1_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price >= 10000 AND price < 1000000)
              AS rank2_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price >= 1000000) AS rank3_auctions""";

    static {
        add("q0", BID, "SELECT auction, bidder, price, dateTime, extra FROM bid EMIT STREAM");
        add(
                "q1",
                BID,
                """
                SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid
                EMIT STREAM""");
        add("q2", BID, "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0 EMIT STREAM");
        // A regular join: persons and auctions stay in state.
        add(
                "q3",
                List.of("auction", "person"),
                """
                SELECT P.name, P.city, P.state, A.id
                FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
                WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')
                EMIT STREAM""");
        // An updating query, as in Flink: each new maximum retracts the category's average.
        add(
                "q4",
                List.of("auction", "bid"),
                """
                SELECT Q.category, AVG(Q.final) AS avg_final
                FROM (
                  SELECT MAX(B.price) AS final, A.category
                  FROM auction A, bid B
                  WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
                  GROUP BY A.id, A.category
                ) Q
                GROUP BY Q.category
                EMIT STREAM""");
        // Hot items, in Flink's form. As in Flink, the window aggregates are final (AFTER
        // WATERMARK), the maximum per window is a GROUP BY of their bounds (a window aggregate over
        // the rows' own windows: final too, its state dropped per window), and the window join
        // emits each window's rows once, when the watermark completes it.
        add(
                "q5",
                BID,
                """
                SELECT AB.auction, AB.num, AB.starttime, AB.endtime
                FROM (
                  SELECT auction, COUNT(*) AS num, window_start AS starttime,
                    window_end AS endtime
                  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND,
                    INTERVAL '10' SECOND))
                  GROUP BY auction, window_start, window_end
                ) AS AB
                JOIN (
                  SELECT MAX(CB.num) AS maxn, CB.starttime, CB.endtime
                  FROM (
                    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime
                    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND,
                      INTERVAL '10' SECOND))
                    GROUP BY auction, window_start, window_end
                  ) AS CB
                  GROUP BY CB.starttime, CB.endtime
                ) AS MB
                ON AB.starttime = MB.starttime AND AB.endtime = MB.endtime
                  AND AB.num >= MB.maxn
                EMIT STREAM AFTER WATERMARK""");
        // The highest bid per 10 s window, joined back to the bids. Flink runs it as a regular
        // join (every bid stays in state); here the window maxima are final (AFTER WATERMARK), so
        // the BETWEEN on the bids' time and the window end makes an interval join: each row once,
        // a bid kept only while a window could still match it.
        add(
                "q7",
                BID,
                """
                SELECT B.auction, B.bidder, B.price, B.dateTime, B.extra
                FROM bid B
                JOIN (
                  SELECT MAX(price) AS maxprice, window_end AS dateTime
                  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                  GROUP BY window_start, window_end
                ) B1
                ON B.price = B1.maxprice
                WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime
                EMIT STREAM AFTER WATERMARK""");
        // Sellers who opened auctions in the same 10 s window in which they registered: a window
        // join of two window aggregates, each window's rows once, when the watermark completes it.
        add(
                "q8",
                List.of("person", "auction"),
                """
                SELECT P.id, P.name, P.starttime
                FROM (
                  SELECT id, name, window_start AS starttime, window_end AS endtime
                  FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                  GROUP BY id, name, window_start, window_end
                ) P
                JOIN (
                  SELECT seller, window_start AS starttime, window_end AS endtime
                  FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                  GROUP BY seller, window_start, window_end
                ) A
                ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime
                EMIT STREAM AFTER WATERMARK""");
        // Winning bids: the highest bid (the earliest of equal ones) in each auction's lifetime.
        // The BETWEEN on both event times makes the join an interval join; the Top-1 updates.
        add(
                "q9",
                List.of("auction", "bid"),
                """
                SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller,
                  category, extra, auction, bidder, price, bid_dateTime, bid_extra
                FROM (
                  SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime,
                    B.extra AS bid_extra,
                    ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC)
                      AS rownum
                  FROM auction A, bid B
                  WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
                )
                WHERE rownum <= 1
                EMIT STREAM""");
        // Flink writes q10 to a file system sink partitioned by day and minute; here the rows
        // with their partition columns are the result. DATE_FORMAT(dateTime, 'yyyy-MM-dd') and
        // (..., 'HH:mm') are written with CAST and SUBSTRING.
        add(
                "q10",
                BID,
                """
                SELECT auction, bidder, price, dateTime, extra,
                  CAST(CAST(dateTime AS DATE) AS VARCHAR) AS dt,
                  SUBSTRING(CAST(dateTime AS VARCHAR) FROM 12 FOR 5) AS hm
                FROM bid
                EMIT STREAM""");
        // Bids per bidder session; Flink's legacy GROUP BY SESSION(...) as the SESSION function.
        add(
                "q11",
                BID,
                """
                SELECT bidder, COUNT(*) AS bid_count, window_start AS starttime,
                  window_end AS endtime
                FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime),
                  INTERVAL '10' SECOND))
                GROUP BY bidder, window_start, window_end
                EMIT STREAM AFTER WATERMARK""");
        // Bids per bidder in processing-time windows of 10 s, as Flink's q12: over the bid file
        // with a processing-time attribute, the windows are the clock's while it is read (a
        // bounded file's end completes every window).
        add(
                "q12",
                BID,
                """
                SELECT bidder, COUNT(*) AS bid_count, window_start, window_end
                FROM TABLE(TUMBLE(TABLE bid_p, DESCRIPTOR(p_time), INTERVAL '10' SECOND))
                GROUP BY bidder, window_start, window_end
                EMIT STREAM AFTER WATERMARK""");
        // A processing-time lookup join of each bid with a side-input table of 10,000 rows. The
        // table is filled before the query starts and never changes, so every bid finds
        // MOD(auction, 10000) in it. A lookup key is a column of the left input (Flink also takes
        // an expression), so the key is computed in a projection.
        StringBuilder sideInput = new StringBuilder("UPSERT INTO side_input VALUES ");
        for (int key = 0; key < 10_000; key++) {
            sideInput.append(key == 0 ? "" : ", ").append('(').append(key).append(", '");
            sideInput.append(key).append("')");
        }
        ALL.put(
                "q13",
                new NexmarkQuery(
                        "q13",
                        BID,
                        """
                        SELECT B.auction, B.bidder, B.price, B.dateTime, S.side_value
                        FROM (SELECT *, CAST(MOD(auction, 10000) AS BIGINT) AS side_key
                              FROM bid_p) B
                        JOIN side_input FOR SYSTEM_TIME AS OF B.p_time AS S
                        ON B.side_key = S.side_key
                        EMIT STREAM""",
                        List.of(
                                "CREATE TABLE IF NOT EXISTS side_input (side_key BIGINT,"
                                        + " side_value VARCHAR, PRIMARY KEY (side_key))",
                                sideInput.toString())));
        // Flink's user-defined count_char(extra, 'c') as CHAR_LENGTH and REPLACE.
        add(
                "q14",
                BID,
                """
                SELECT auction, bidder, 0.908 * price AS price,
                  CASE
                    WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
                    WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
                    ELSE 'otherTime'
                  END AS bidTimeType,
                  dateTime, extra,
                  CHAR_LENGTH(extra) - CHAR_LENGTH(REPLACE(extra, 'c', '')) AS c_counts
                FROM bid
                WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000
                EMIT STREAM""");
        add(
                "q15",
                BID,
                "SELECT CAST(CAST(dateTime AS DATE) AS VARCHAR) AS bid_day, "
                        + PRICE_RANKS
                        + " FROM bid GROUP BY CAST(CAST(dateTime AS DATE) AS VARCHAR)"
                        + " EMIT STREAM");
        add(
                "q16",
                BID,
                "SELECT channel, CAST(CAST(dateTime AS DATE) AS VARCHAR) AS bid_day,"
                        + " MAX(SUBSTRING(CAST(dateTime AS VARCHAR) FROM 12 FOR 5))"
                        + " AS bid_minute, "
                        + PRICE_RANKS
                        + " FROM bid GROUP BY channel, CAST(CAST(dateTime AS DATE) AS VARCHAR)"
                        + " EMIT STREAM");
        add(
                "q17",
                BID,
                """
                SELECT
                  auction,
                  CAST(CAST(dateTime AS DATE) AS VARCHAR) AS bid_day,
                  COUNT(*) AS total_bids,
                  COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
                  COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
                  COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
                  MIN(price) AS min_price,
                  MAX(price) AS max_price,
                  AVG(price) AS avg_price,
                  SUM(price) AS sum_price
                FROM bid
                GROUP BY auction, CAST(CAST(dateTime AS DATE) AS VARCHAR)
                EMIT STREAM""");
        // Each bidder's last bid per auction: deduplication keeping the last row.
        add(
                "q18",
                BID,
                """
                SELECT auction, bidder, price, channel, url, dateTime, extra
                FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction
                    ORDER BY dateTime DESC) AS rank_number
                  FROM bid
                )
                WHERE rank_number <= 1
                EMIT STREAM""");
        // The ten highest bids of each auction, numbered.
        add(
                "q19",
                BID,
                """
                SELECT * FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)
                    AS rank_number
                  FROM bid
                )
                WHERE rank_number <= 10
                EMIT STREAM""");
        // Bids with their auction, for one category: a regular join (both sides in state).
        add(
                "q20",
                List.of("auction", "bid"),
                """
                SELECT auction, bidder, price, channel, url, B.dateTime AS bid_dateTime,
                  B.extra AS bid_extra, itemName, description, initialBid, reserve,
                  A.dateTime AS auction_dateTime, expires, seller, category,
                  A.extra AS auction_extra
                FROM bid AS B INNER JOIN auction AS A ON B.auction = A.id
                WHERE A.category = 10
                EMIT STREAM""");
        // Flink's REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) is Calcite's two-operand
        // REGEXP_EXTRACT with the first group made non-capturing.
        add(
                "q21",
                BID,
                """
                SELECT auction, bidder, price, channel,
                  CASE
                    WHEN LOWER(channel) = 'apple' THEN '0'
                    WHEN LOWER(channel) = 'google' THEN '1'
                    WHEN LOWER(channel) = 'facebook' THEN '2'
                    WHEN LOWER(channel) = 'baidu' THEN '3'
                    ELSE REGEXP_EXTRACT(url, '(?:&|^)channel_id=([^&]*)')
                  END AS channel_id
                FROM bid
                WHERE REGEXP_EXTRACT(url, '(?:&|^)channel_id=([^&]*)') IS NOT NULL
                  OR LOWER(channel) IN ('apple', 'google', 'facebook', 'baidu')
                EMIT STREAM""");
        // Flink's SPLIT_INDEX(url, '/', n) (fields from 0) as SPLIT_PART(url, '/', n + 1).
        add(
                "q22",
                BID,
                """
                SELECT auction, bidder, price, channel,
                  SPLIT_PART(url, '/', 4) AS dir1,
                  SPLIT_PART(url, '/', 5) AS dir2,
                  SPLIT_PART(url, '/', 6) AS dir3
                FROM bid
                EMIT STREAM""");
        add(
                "tumble_agg",
                BID,
                """
                SELECT auction, window_start, window_end, COUNT(*) AS num, MAX(price) AS max_price
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY auction, window_start, window_end
                EMIT STREAM AFTER WATERMARK""");
        add(
                "hop_agg",
                BID,
                """
                SELECT auction, window_start, window_end, COUNT(*) AS num, MAX(price) AS max_price
                FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND,
                  INTERVAL '10' SECOND))
                GROUP BY auction, window_start, window_end
                EMIT STREAM AFTER WATERMARK""");
        add(
                "session_agg",
                BID,
                """
                SELECT bidder, window_start, window_end, COUNT(*) AS num, MAX(price) AS max_price
                FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime),
                  INTERVAL '10' SECOND))
                GROUP BY bidder, window_start, window_end
                EMIT STREAM AFTER WATERMARK""");
    }

    private NexmarkQueries() {}

    private static void add(String name, List<String> inputs, String sql) {
        ALL.put(name, new NexmarkQuery(name, inputs, sql));
    }

    public static Optional<NexmarkQuery> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static Collection<NexmarkQuery> all() {
        return ALL.values();
    }
}
