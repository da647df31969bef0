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
        // Hot items. As in Flink, the window aggregates are final (AFTER WATERMARK), the maximum
        // per window is a GROUP BY of their bounds, and the window join emits each window's rows
        // once, when the watermark completes it.
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
