package dev.weir.sqltests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event-time temporal joins against DuckDB's ASOF JOIN, on random out-of-order streams with late
 * rows on both sides, several versions per key, keys without versions and NULL keys. The reference
 * gets what the dialect says the join sees: the rows of each stream that are not late (a row is
 * late when its time is at or below its stream's watermark, the largest time before it minus the
 * delay, when it arrives), and the left rows the final watermark (the lesser of the two streams')
 * has reached. Version times are distinct per key, so ASOF's one match per row is the version.
 */
class TemporalJoinDifferentialTest {
    private static final LocalDateTime BASE = LocalDateTime.of(2026, 1, 1, 10, 0);
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String[] KEYS = {"A", "B", "C", "D", null};
    private static final long LEFT_DELAY = 60;
    private static final long RIGHT_DELAY = 20;

    private record Order(int id, String key, long second) {}

    private record Rate(int rate, String key, long second) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void matchesDuckDbAsofJoin(int seed) throws Exception {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(new Order(i, KEYS[random.nextInt(KEYS.length)], random.nextInt(900)));
        }
        List<Rate> rates = new ArrayList<>();
        Set<String> versionTimes = new HashSet<>();
        for (int i = 0; rates.size() < 25; i++) {
            // D has no versions: its orders find none.
            String key = KEYS[random.nextInt(3)];
            long second = random.nextInt(900);
            if (versionTimes.add(key + second)) {
                rates.add(new Rate(100 + i, key, second));
            }
        }
        rates.add(new Rate(7, null, 10));
        // Roughly in time order, with some rows far out of order (late or not).
        orders.sort((a, b) -> Long.compare(a.second(), b.second()));
        rates.sort((a, b) -> Long.compare(a.second(), b.second()));
        shuffleSome(orders, random);
        shuffleSome(rates, random);

        List<Order> keptOrders = new ArrayList<>();
        long leftWatermark = notLate(orders, Order::second, LEFT_DELAY, keptOrders);
        List<Rate> keptRates = new ArrayList<>();
        long rightWatermark = notLate(rates, Rate::second, RIGHT_DELAY, keptRates);
        long released = Math.min(leftWatermark, rightWatermark);
        keptOrders.removeIf(o -> o.second() > released);

        List<List<String>> weir = weir(orders, rates);
        assertThat(weir.get(0)).isEqualTo(duckDb(keptOrders, keptRates, "ASOF LEFT JOIN"));
        assertThat(weir.get(1)).isEqualTo(duckDb(keptOrders, keptRates, "ASOF JOIN"));
        assertThat(weir.get(0)).hasSize(keptOrders.size());
    }

    private static <T> void shuffleSome(List<T> rows, Random random) {
        for (int i = 0; i < rows.size() / 5; i++) {
            Collections.swap(rows, random.nextInt(rows.size()), random.nextInt(rows.size()));
        }
    }

    /** Keeps the rows that are not late; returns the final watermark, in seconds. */
    private static <T> long notLate(
            List<T> rows, java.util.function.ToLongFunction<T> time, long delay, List<T> kept) {
        long max = Long.MIN_VALUE;
        for (T row : rows) {
            long t = time.applyAsLong(row);
            if (max == Long.MIN_VALUE || t > max - delay) {
                kept.add(row);
            }
            max = Math.max(max, t);
        }
        return max - delay;
    }

    /** The LEFT join's rows, then the inner join's. */
    private static List<List<String>> weir(List<Order> orders, List<Rate> rates) throws Exception {
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM orders (id INT, k VARCHAR, ts TIMESTAMP NOT NULL,"
                            + " WATERMARK FOR ts AS ts - INTERVAL '"
                            + LEFT_DELAY
                            + "' SECOND)");
            engine.execute(
                    "CREATE STREAM rates (k VARCHAR, rate INT, rts TIMESTAMP NOT NULL,"
                            + " WATERMARK FOR rts AS rts - INTERVAL '"
                            + RIGHT_DELAY
                            + "' SECOND)");
            for (Rate r : rates) {
                engine.execute(
                        "INSERT INTO rates VALUES ("
                                + literal(r.key())
                                + ", "
                                + r.rate()
                                + ", "
                                + timestamp(r.second())
                                + ")");
            }
            for (Order o : orders) {
                engine.execute(
                        "INSERT INTO orders VALUES ("
                                + o.id()
                                + ", "
                                + literal(o.key())
                                + ", "
                                + timestamp(o.second())
                                + ")");
            }
            return List.of(weirJoin(engine, "LEFT JOIN"), weirJoin(engine, "JOIN"));
        }
    }

    private static List<String> weirJoin(Engine engine, String join) {
        StatementResult.Rows result =
                (StatementResult.Rows)
                        engine.execute(
                                "SELECT o.id, r.rate FROM orders o "
                                        + join
                                        + " rates FOR SYSTEM_TIME AS OF o.ts AS r"
                                        + " ON o.k = r.k");
        List<String> rows = new ArrayList<>();
        for (Object[] row : result.rows()) {
            rows.add(row[0] + "|" + Objects.toString(row[1]));
        }
        Collections.sort(rows);
        return rows;
    }

    private static List<String> duckDb(List<Order> orders, List<Rate> rates, String join)
            throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INTEGER, k VARCHAR, ts TIMESTAMP)");
            statement.execute("CREATE TABLE rates (k VARCHAR, rate INTEGER, rts TIMESTAMP)");
            for (Order o : orders) {
                statement.execute(
                        "INSERT INTO orders VALUES ("
                                + o.id()
                                + ", "
                                + literal(o.key())
                                + ", "
                                + timestamp(o.second())
                                + ")");
            }
            for (Rate r : rates) {
                statement.execute(
                        "INSERT INTO rates VALUES ("
                                + literal(r.key())
                                + ", "
                                + r.rate()
                                + ", "
                                + timestamp(r.second())
                                + ")");
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs =
                    statement.executeQuery(
                            "SELECT o.id, r.rate FROM orders o "
                                    + join
                                    + " rates r ON o.k = r.k AND o.ts >= r.rts")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "|" + Objects.toString(rs.getObject(2)));
                }
            }
            Collections.sort(rows);
            return rows;
        }
    }

    private static String literal(String key) {
        return key == null ? "NULL" : "'" + key + "'";
    }

    private static String timestamp(long second) {
        return "TIMESTAMP '" + BASE.plusSeconds(second).format(FORMAT) + "'";
    }
}
