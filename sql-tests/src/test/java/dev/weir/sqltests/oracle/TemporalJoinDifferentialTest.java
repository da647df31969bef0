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
 *
 * <p>The same joins against a versioned view (a last-row deduplication of the rates by event time),
 * whose rates may tie on time, with and without a WHERE besides {@code rownum = 1}, against the
 * view's definition computed per order in DuckDB: the rates not late whose time is at or below the
 * order's, ranked per key by time DESC and then by arrival, the later first; the first kept if it
 * passes the view's WHERE.
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
        Kept kept = arrive(orders, rates, random);
        List<Order> keptOrders = kept.orders();
        List<Rate> keptRates = kept.rates();

        List<List<String>> weir = weir(orders, rates);
        assertThat(weir.get(0)).isEqualTo(duckDb(keptOrders, keptRates, "ASOF LEFT JOIN"));
        assertThat(weir.get(1)).isEqualTo(duckDb(keptOrders, keptRates, "ASOF JOIN"));
        assertThat(weir.get(0)).hasSize(keptOrders.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void versionedViewMatchesItsDefinitionInDuckDb(int seed) throws Exception {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(new Order(i, KEYS[random.nextInt(KEYS.length)], random.nextInt(600)));
        }
        List<Rate> rates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Times on a coarse grid, so that rates of a key often tie on time.
            rates.add(new Rate(100 + i, KEYS[random.nextInt(3)], 60L * random.nextInt(10)));
        }
        rates.add(new Rate(7, null, 10));
        Kept kept = arrive(orders, rates, random);
        List<Order> keptOrders = kept.orders();
        List<Rate> keptRates = kept.rates();

        for (String where : List.of("", " AND MOD(rate, 3) <> 0")) {
            List<List<String>> weir = weirOverView(orders, rates, where);
            assertThat(weir.get(0))
                    .as("LEFT JOIN, view WHERE rownum = 1%s", where)
                    .isEqualTo(duckDbViewDefinition(keptOrders, keptRates, where, true));
            assertThat(weir.get(1))
                    .as("JOIN, view WHERE rownum = 1%s", where)
                    .isEqualTo(duckDbViewDefinition(keptOrders, keptRates, where, false));
            assertThat(weir.get(0)).hasSize(keptOrders.size());
        }
    }

    /** The orders and rates a query keeps: those not late, and orders the watermark released. */
    private record Kept(List<Order> orders, List<Rate> rates) {}

    /**
     * Puts {@code orders} and {@code rates} roughly in time order, some rows far out of order (late
     * or not), in place; returns what the query keeps of them.
     */
    private static Kept arrive(List<Order> orders, List<Rate> rates, Random random) {
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
        return new Kept(keptOrders, keptRates);
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
            load(engine, orders, rates);
            return List.of(weirJoin(engine, "LEFT JOIN"), weirJoin(engine, "JOIN"));
        }
    }

    /** The LEFT join's rows, then the inner join's, against the view of the rates. */
    private static List<List<String>> weirOverView(
            List<Order> orders, List<Rate> rates, String where) throws Exception {
        try (Engine engine = Engine.inMemory()) {
            load(engine, orders, rates);
            engine.execute(
                    "CREATE VIEW versioned AS SELECT k, rate FROM (SELECT *, ROW_NUMBER() OVER"
                            + " (PARTITION BY k ORDER BY rts DESC) AS rownum FROM rates)"
                            + " WHERE rownum = 1"
                            + where);
            return List.of(
                    weirJoin(engine, "LEFT JOIN", "versioned"),
                    weirJoin(engine, "JOIN", "versioned"));
        }
    }

    private static void load(Engine engine, List<Order> orders, List<Rate> rates) {
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
    }

    /**
     * The view as of each order's time, by its definition: the rates at or below the order's time
     * ranked per key by time DESC, ties by arrival ({@code seq}) the later first; the first row
     * kept if it passes the view's WHERE.
     */
    private static List<String> duckDbViewDefinition(
            List<Order> orders, List<Rate> rates, String where, boolean left) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INTEGER, k VARCHAR, ts TIMESTAMP)");
            statement.execute(
                    "CREATE TABLE rates (k VARCHAR, rate INTEGER, rts TIMESTAMP, seq INTEGER)");
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
            for (int i = 0; i < rates.size(); i++) {
                Rate r = rates.get(i);
                statement.execute(
                        "INSERT INTO rates VALUES ("
                                + literal(r.key())
                                + ", "
                                + r.rate()
                                + ", "
                                + timestamp(r.second())
                                + ", "
                                + i
                                + ")");
            }
            String asOf =
                    "SELECT o.id AS oid, r.rate, ROW_NUMBER() OVER (PARTITION BY o.id ORDER BY"
                            + " r.rts DESC, r.seq DESC) AS rownum"
                            + " FROM orders o JOIN rates r ON o.k = r.k AND r.rts <= o.ts";
            String query =
                    "SELECT o.id, v.rate FROM orders o "
                            + (left ? "LEFT JOIN" : "JOIN")
                            + " ("
                            + asOf
                            + ") v ON v.oid = o.id AND v.rownum = 1"
                            + where.replace("rate", "v.rate");
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(query)) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "|" + Objects.toString(rs.getObject(2)));
                }
            }
            Collections.sort(rows);
            return rows;
        }
    }

    private static List<String> weirJoin(Engine engine, String join) {
        return weirJoin(engine, join, "rates");
    }

    private static List<String> weirJoin(Engine engine, String join, String versioned) {
        StatementResult.Rows result =
                (StatementResult.Rows)
                        engine.execute(
                                "SELECT o.id, r.rate FROM orders o "
                                        + join
                                        + " "
                                        + versioned
                                        + " FOR SYSTEM_TIME AS OF o.ts AS r"
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
