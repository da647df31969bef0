package dev.weir.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.executor.connector.nexmark.NexmarkConfig;
import dev.weir.executor.connector.nexmark.NexmarkGenerator;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nexmark q0, q1, q2, q3 (a join), q8 (a window join) and windowed aggregations over bids, end to
 * end on the generator, each checked against the same computation done directly over the generated
 * events.
 */
class NexmarkQueriesTest {
    private static final long EVENTS = 200_000;
    private static final long SEED = 3;
    private static Engine engine;
    private static List<Row> bids;
    private static List<Row> persons;
    private static List<Row> auctions;

    @BeforeAll
    static void createBidStream() {
        engine = Engine.inMemory();
        engine.execute(
                "CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,"
                        + " url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR,"
                        + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
                        + " WITH ('connector' = 'nexmark', 'table' = 'bid', 'max-events' = '"
                        + EVENTS
                        + "', 'seed' = '"
                        + SEED
                        + "')");
        NexmarkGenerator generator =
                new NexmarkGenerator(
                        new NexmarkConfig(
                                0, EVENTS, SEED, NexmarkConfig.DEFAULT_BASE_TIME, 10_000));
        for (String table : List.of("person", "auction")) {
            NexmarkTable kind = NexmarkTable.valueOf(table.toUpperCase(java.util.Locale.ROOT));
            String create = kind.createStatement(table, 0);
            // Bounded and seeded like bid: the same events the generator gives below.
            engine.execute(
                    create.substring(0, create.lastIndexOf(')'))
                                    .replaceAll(", 'events-per-second' = '[0-9]+'", "")
                            + ", 'max-events' = '"
                            + EVENTS
                            + "', 'seed' = '"
                            + SEED
                            + "')");
        }
        bids = new ArrayList<>();
        persons = new ArrayList<>();
        auctions = new ArrayList<>();
        for (long n = 0; n < EVENTS; n++) {
            switch (NexmarkGenerator.kindOf(n)) {
                case BID -> bids.add(generator.event(n));
                case PERSON -> persons.add(generator.event(n));
                case AUCTION -> auctions.add(generator.event(n));
            }
        }
    }

    /** q3: sellers in three states and their auctions in category 10 (a regular join). */
    @Test
    void q3LocalItemSuggestion() {
        List<Object[]> expected = new ArrayList<>();
        for (Row a : auctions) {
            for (Row p : persons) {
                if (a.get(7).equals(p.get(0))
                        && a.get(8).equals(10L)
                        && List.of("OR", "ID", "CA").contains(p.get(5))) {
                    expected.add(new Object[] {p.get(1), p.get(4), p.get(5), a.get(0)});
                }
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(
                        rows(
                                "SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person p"
                                        + " ON a.seller = p.id WHERE a.category = 10 AND (p.state ="
                                        + " 'OR' OR p.state = 'ID' OR p.state = 'CA')"))
                .isEqualTo(sorted(expected));
    }

    /** q8: people who opened an auction in the 10-second window they joined (a window join). */
    @Test
    void q8NewUsersWithAuctions() {
        List<Object[]> expected = new ArrayList<>();
        for (Row p : persons) {
            long window = Math.floorDiv((Long) p.get(6), 10_000L) * 10_000L;
            for (Row a : auctions) {
                if (p.get(0).equals(a.get(7))
                        && Math.floorDiv((Long) a.get(5), 10_000L) * 10_000L == window) {
                    expected.add(new Object[] {p.get(0), p.get(1), window});
                }
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(
                        rows(
                                "SELECT p.id, p.name, p.window_start FROM TABLE(TUMBLE(TABLE person,"
                                        + " DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) p JOIN"
                                        + " TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL"
                                        + " '10' SECOND)) a ON p.id = a.seller AND p.window_start ="
                                        + " a.window_start AND p.window_end = a.window_end"))
                .isEqualTo(sorted(expected));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<String> rows(String sql) {
        StatementResult.Rows result = (StatementResult.Rows) engine.execute(sql);
        return result.rows().stream().map(Arrays::toString).sorted().toList();
    }

    private static List<String> sorted(List<Object[]> rows) {
        return rows.stream().map(Arrays::toString).sorted().toList();
    }

    @Test
    void q0PassThrough() {
        List<Object[]> expected = new ArrayList<>();
        for (Row b : bids) {
            expected.add(new Object[] {b.get(0), b.get(1), b.get(2), b.get(5), b.get(6)});
        }
        assertThat(rows("SELECT auction, bidder, price, dateTime, extra FROM bid"))
                .hasSize(184_000)
                .isEqualTo(sorted(expected));
    }

    @Test
    void q1CurrencyConversion() {
        List<Object[]> expected = new ArrayList<>();
        for (Row b : bids) {
            expected.add(
                    new Object[] {
                        b.get(0),
                        b.get(1),
                        new BigDecimal("0.908").multiply(BigDecimal.valueOf((Long) b.get(2))),
                        b.get(5)
                    });
        }
        assertThat(rows("SELECT auction, bidder, 0.908 * price AS price, dateTime FROM bid"))
                .isEqualTo(sorted(expected));
    }

    @Test
    void q2Selection() {
        List<Object[]> expected = new ArrayList<>();
        for (Row b : bids) {
            if ((Long) b.get(0) % 123 == 0) {
                expected.add(new Object[] {b.get(0), b.get(2)});
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(rows("SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0"))
                .isEqualTo(sorted(expected));
    }

    @Test
    void tumbleCountAndMaxPerAuction() {
        Map<List<Long>, long[]> windows = new TreeMap<>(NexmarkQueriesTest::compareKeys);
        for (Row b : bids) {
            long start = Math.floorDiv((Long) b.get(5), 10_000L) * 10_000L;
            long[] acc =
                    windows.computeIfAbsent(
                            List.of((Long) b.get(0), start, start + 10_000), k -> new long[2]);
            acc[0]++;
            acc[1] = Math.max(acc[1], (Long) b.get(2));
        }
        List<Object[]> expected = new ArrayList<>();
        windows.forEach(
                (k, acc) ->
                        expected.add(new Object[] {k.get(0), k.get(1), k.get(2), acc[0], acc[1]}));
        assertThat(
                        rows(
                                "SELECT auction, window_start, window_end, COUNT(*) AS n, MAX(price) AS top"
                                        + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
                                        + " GROUP BY auction, window_start, window_end EMIT AFTER WATERMARK"))
                .isEqualTo(sorted(expected));
    }

    @Test
    void hopTenSecondsEveryTwo() {
        Map<List<Long>, long[]> windows = new TreeMap<>(NexmarkQueriesTest::compareKeys);
        for (Row b : bids) {
            long t = (Long) b.get(5);
            for (long start = Math.floorDiv(t, 2_000L) * 2_000L;
                    start > t - 10_000;
                    start -= 2_000) {
                windows.computeIfAbsent(
                                List.of((Long) b.get(0), start, start + 10_000), k -> new long[1])[
                        0]++;
            }
        }
        List<Object[]> expected = new ArrayList<>();
        windows.forEach(
                (k, acc) -> expected.add(new Object[] {k.get(0), k.get(1), k.get(2), acc[0]}));
        assertThat(
                        rows(
                                "SELECT auction, window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE"
                                        + " bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                                        + " GROUP BY auction, window_start, window_end"))
                .isEqualTo(sorted(expected));
    }

    @Test
    void sessionPerBidderWithATenSecondGap() {
        Map<Long, List<Long>> times = new TreeMap<>();
        for (Row b : bids) {
            times.computeIfAbsent((Long) b.get(1), k -> new ArrayList<>()).add((Long) b.get(5));
        }
        List<Object[]> expected = new ArrayList<>();
        times.forEach(
                (bidder, ts) -> {
                    ts.sort(Long::compare);
                    long start = ts.get(0);
                    long end = start + 10_000;
                    long count = 0;
                    for (long t : ts) {
                        if (t > end) {
                            expected.add(new Object[] {bidder, start, end, count});
                            start = t;
                            count = 0;
                        }
                        end = Math.max(end, t + 10_000);
                        count++;
                    }
                    expected.add(new Object[] {bidder, start, end, count});
                });
        assertThat(
                        rows(
                                "SELECT bidder, window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE"
                                        + " bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
                                        + " GROUP BY bidder, window_start, window_end"))
                .isEqualTo(sorted(expected));
    }

    private static int compareKeys(List<Long> a, List<Long> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Long.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
