package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.Connectors;
import dev.weir.planner.catalog.Catalog;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Windows over a processing-time attribute ({@code proc_time AS PROCTIME()}) place each row by the
 * clock when the query reads it, and complete a window once the clock has passed its end, with the
 * engine's clock moved by hand. The attribute is the wall clock in the server's time zone (the
 * tests run in Asia/Kolkata, UTC+05:30), so the windows are too.
 */
class ProcessingTimeWindowsTest {
    /** 2026-01-01 00:00:03 UTC: 05:30:03 in Kolkata. */
    private static final long START = 1_767_225_603_000L;

    private static final String COUNTS =
            "SELECT k, COUNT(*) AS n, window_start, window_end"
                    + " FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(proc_time), INTERVAL '10' SECOND))"
                    + " GROUP BY k, window_start, window_end";

    private final AtomicLong clock = new AtomicLong(START);

    private Engine engine() {
        Engine engine =
                new Engine(
                        Catalog.inMemory(),
                        new InMemoryStreamStorage(),
                        Connectors.builtIn(),
                        clock::get);
        engine.execute("CREATE STREAM ev (k VARCHAR, proc_time AS PROCTIME())");
        return engine;
    }

    @Test
    void aWindowIsCompleteOnceTheClockPassesItsEnd() throws Exception {
        try (Engine engine = engine()) {
            ContinuousQuery query =
                    ((StatementResult.Continuous)
                                    engine.execute(COUNTS + " EMIT STREAM AFTER WATERMARK"))
                            .query();
            try {
                engine.execute("INSERT INTO ev VALUES ('a'), ('a'), ('b')");
                caughtUp(query);
                clock.set(START + 5_000); // 05:30:08: the same window
                engine.execute("INSERT INTO ev VALUES ('a')");
                caughtUp(query);
                assertThat(query.next(200, TimeUnit.MILLISECONDS)).isEmpty();

                clock.set(START + 7_001); // 05:30:10.001: the window [05:30:00, 05:30:10) ended
                List<String> first = rows(query, 2);
                assertThat(first)
                        .containsExactlyInAnyOrder("a 3 05:30 05:30:10", "b 1 05:30 05:30:10");

                engine.execute("INSERT INTO ev VALUES ('b')");
                caughtUp(query);
                clock.set(START + 17_001); // 05:30:20.001
                assertThat(rows(query, 1)).containsExactly("b 1 05:30:10 05:30:20");
                assertThat(query.next(200, TimeUnit.MILLISECONDS)).isEmpty();
                long late =
                        query.job().orElseThrow().metrics().stream()
                                .mapToLong(m -> m.lateRowsDropped())
                                .sum();
                assertThat(late).isZero();
            } finally {
                query.cancel();
            }
        }
    }

    @Test
    void aSnapshotQueryPlacesEveryRowAtTheTimeItStarted() {
        try (Engine engine = engine()) {
            engine.execute("INSERT INTO ev VALUES ('a'), ('b'), ('a')");
            clock.set(START + 30_000); // 05:30:33
            List<Object[]> rows = ((StatementResult.Rows) engine.execute(COUNTS)).rows();
            List<String> shown = new ArrayList<>();
            for (Object[] row : rows) {
                shown.add(show(row));
            }
            assertThat(shown)
                    .containsExactlyInAnyOrder("a 2 05:30:30 05:30:40", "b 1 05:30:30 05:30:40");
        }
    }

    private void caughtUp(ContinuousQuery query) throws InterruptedException {
        assertThat(query.job().orElseThrow().awaitCaughtUp(30_000)).isTrue();
    }

    /** The next {@code count} rows, each as "k n start end" with times of day. */
    private static List<String> rows(ContinuousQuery query, int count) throws Exception {
        List<String> rows = new ArrayList<>();
        while (rows.size() < count) {
            Optional<Object[]> row = query.next(10, TimeUnit.SECONDS);
            rows.add(show(row.orElseThrow()));
        }
        return rows;
    }

    private static String show(Object[] row) {
        return row[0] + " " + row[1] + " " + time(row[2]) + " " + time(row[3]);
    }

    private static String time(Object millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv((Long) millis, 1000), 0, ZoneOffset.UTC)
                .toLocalTime()
                .toString();
    }
}
