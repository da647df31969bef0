package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.Connectors;
import dev.weir.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * EMIT STREAM AFTER WATERMARK AND AFTER DELAY against EMIT STREAM AFTER WATERMARK on randomized,
 * out-of-order input with late rows, the processing clock ticking at random: once every window is
 * complete, the early-results changelog, applied, leaves exactly the final rows, and it realized
 * early results along the way.
 */
class EarlyResultsDifferentialTest {
    private static final String QUERY =
            "SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total FROM"
                    + " TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k,"
                    + " window_start, window_end ";

    @Test
    void finalResultsEqualAfterWatermarkOnRandomInput() throws Exception {
        for (int seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            AtomicLong clock = new AtomicLong(1_000_000);
            try (Engine engine =
                    new Engine(
                            Catalog.inMemory(),
                            new InMemoryStreamStorage(),
                            Connectors.builtIn(),
                            clock::get)) {
                engine.execute(
                        "CREATE STREAM ev (k INT NOT NULL, v INT NOT NULL, ts TIMESTAMP NOT NULL,"
                                + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)");
                StatementResult.Continuous early =
                        (StatementResult.Continuous)
                                engine.execute(
                                        QUERY
                                                + "EMIT STREAM AFTER WATERMARK AND AFTER DELAY"
                                                + " INTERVAL '0.05' SECOND");
                StatementResult.Continuous fin =
                        (StatementResult.Continuous)
                                engine.execute(QUERY + "EMIT STREAM AFTER WATERMARK");
                int i = 0;
                for (int batch = 0; batch < 40; batch++) {
                    StringBuilder insert = new StringBuilder("INSERT INTO ev VALUES ");
                    for (int r = 0; r < 10; r++, i++) {
                        long second = i / 4 + random.nextInt(6) - 4; // out of order, some late
                        insert.append(r == 0 ? "" : ", ").append(row(random, second));
                    }
                    engine.execute(insert.toString());
                    caughtUp(early, fin);
                    clock.addAndGet(random.nextInt(80)); // early results fall due, or not yet
                    caughtUp(early, fin);
                }
                // The last row pushes the watermark past every window the others fall in.
                engine.execute("INSERT INTO ev VALUES " + row(random, 600));
                caughtUp(early, fin);
                Map<String, String> earlyRows = applied(early);
                int earlyChanges = lastChanges;
                Map<String, String> finalRows = applied(fin);
                assertThat(finalRows).hasSizeGreaterThan(30);
                assertThat(earlyRows).as("seed " + seed).isEqualTo(finalRows);
                // Early results were realized and then replaced (each replacement: -U, +U).
                assertThat(earlyChanges).as("seed " + seed).isGreaterThan(lastChanges + 10);
            }
        }
    }

    private static String row(Random random, long second) {
        return "("
                + random.nextInt(4)
                + ", "
                + random.nextInt(50)
                + ", TIMESTAMP '"
                + java.time.LocalDateTime.of(2026, 1, 1, 0, 0)
                        .plusSeconds(Math.max(0, second))
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                + "')";
    }

    private static void caughtUp(StatementResult.Continuous... queries) throws Exception {
        for (StatementResult.Continuous q : queries) {
            q.query().job().orElseThrow().awaitCaughtUp(30_000);
        }
    }

    private static int lastChanges;

    /** The stream's rows applied as a changelog: window → row, after the query caught up. */
    private static Map<String, String> applied(StatementResult.Continuous c) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        List<String> changes = new ArrayList<>();
        while (true) {
            Optional<Object[]> row = c.query().next(0, TimeUnit.MILLISECONDS);
            if (row.isEmpty()) {
                break;
            }
            Object[] r = row.get();
            String key = r[0] + "@" + r[1];
            String value = Arrays.toString(Arrays.copyOf(r, 5));
            if ((Boolean) r[5]) {
                assertThat(rows.remove(key)).isEqualTo(value);
            } else {
                rows.put(key, value);
            }
            changes.add(value);
        }
        c.query().cancel();
        lastChanges = changes.size();
        // The last window (10:00) is not complete: its early result is not a final one.
        rows.keySet().removeIf(k -> k.endsWith("@1767226200000"));
        return rows;
    }
}
