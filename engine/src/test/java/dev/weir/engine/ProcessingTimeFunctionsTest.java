package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.Connectors;
import dev.weir.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * CURRENT_TIMESTAMP and the other processing-time functions read the engine's clock: once per query
 * in a snapshot query, per record in a streaming one, as wall-clock time in the server's time zone
 * (the tests run in Asia/Kolkata, UTC+05:30). And a row that overflows fails a streaming query with
 * the coded data error.
 */
class ProcessingTimeFunctionsTest {
    /** 2026-01-01 00:00:00.250 UTC: 05:30:00.250 in Kolkata. */
    private static final long START = 1_767_225_600_250L;

    private static final long KOLKATA = 5 * 3_600_000L + 30 * 60_000L;

    private final AtomicLong clock = new AtomicLong(START);

    private Engine engine() {
        Engine engine =
                new Engine(
                        Catalog.inMemory(),
                        new InMemoryStreamStorage(),
                        Connectors.builtIn(),
                        // Every reading of the clock moves it on by a second.
                        () -> clock.getAndAdd(1_000));
        engine.execute("CREATE STREAM ev (k VARCHAR, x INT)");
        engine.execute("INSERT INTO ev VALUES ('a', 1), ('b', 2), ('c', 2147483647)");
        return engine;
    }

    @Test
    void aSnapshotQueryReadsTheClockOnceForEveryRowAndFunction() {
        try (Engine engine = engine()) {
            List<Object[]> rows =
                    ((StatementResult.Rows)
                                    engine.execute(
                                            "SELECT k, CURRENT_TIMESTAMP, LOCALTIMESTAMP,"
                                                    + " CURRENT_DATE, CURRENT_TIME, LOCALTIME"
                                                    + " FROM ev"))
                            .rows();
            assertThat(rows).hasSize(3);
            long first = (Long) rows.get(0)[1];
            // The wall clock in the session (server) time zone, at some reading of the clock.
            assertThat((first - KOLKATA - START) % 1_000).isZero();
            long day = 86_400_000L;
            for (Object[] row : rows) {
                assertThat(row[1]).isEqualTo(first);
                assertThat(row[2]).isEqualTo(first);
                assertThat(row[3]).isEqualTo((int) Math.floorDiv(first, day));
                assertThat(row[4]).isEqualTo((int) Math.floorMod(first, day));
                assertThat(row[5]).isEqualTo((int) Math.floorMod(first, day));
            }
        }
    }

    @Test
    void aStreamingQueryReadsTheClockPerRecord() throws Exception {
        try (Engine engine = engine()) {
            ContinuousQuery query =
                    ((StatementResult.Continuous)
                                    engine.execute(
                                            "SELECT k, CURRENT_TIMESTAMP AS a, CURRENT_TIMESTAMP AS"
                                                    + " b FROM ev EMIT STREAM"))
                            .query();
            try {
                List<Object[]> rows = new ArrayList<>();
                while (rows.size() < 3) {
                    Optional<Object[]> row = query.next(10, TimeUnit.SECONDS);
                    rows.add(row.orElseThrow());
                }
                for (Object[] row : rows) {
                    // One time per record, whatever reads it.
                    assertThat(row[1]).isEqualTo(row[2]);
                    assertThat(((Long) row[1] - KOLKATA - START) % 1_000).isZero();
                }
                // A new reading per record: the clock moved on between them.
                assertThat((Long) rows.get(1)[1]).isGreaterThan((Long) rows.get(0)[1]);
                assertThat((Long) rows.get(2)[1]).isGreaterThan((Long) rows.get(1)[1]);
            } finally {
                query.cancel();
            }
        }
    }

    @Test
    void aRowThatOverflowsFailsTheStreamingQueryWithNumericOverflow() throws Exception {
        try (Engine engine = engine()) {
            ContinuousQuery query =
                    ((StatementResult.Continuous)
                                    engine.execute("SELECT k, x + 1 FROM ev EMIT STREAM"))
                            .query();
            try {
                assertThatThrownBy(
                                () -> {
                                    while (true) {
                                        query.next(10, TimeUnit.SECONDS).orElseThrow();
                                    }
                                })
                        .isInstanceOfSatisfying(
                                WeirException.class,
                                e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
                                    assertThat(e.getMessage())
                                            .isEqualTo(
                                                    "Numeric value out of range (integer overflow)"
                                                            + " evaluating StreamCalc(select=[k,"
                                                            + " EXPR$1]).");
                                });
            } finally {
                query.cancel();
            }
        }
    }

    @Test
    void aSumThatOverflowsFailsTheStreamingQueryWithNumericOverflow() throws Exception {
        try (Engine engine = engine()) {
            engine.execute("INSERT INTO ev VALUES ('c', 1)");
            ContinuousQuery query =
                    ((StatementResult.Continuous)
                                    engine.execute(
                                            "SELECT k, SUM(x) FROM ev GROUP BY k EMIT STREAM"))
                            .query();
            List<String> seen = new ArrayList<>();
            try {
                assertThatThrownBy(
                                () -> {
                                    while (true) {
                                        seen.add(
                                                Arrays.toString(
                                                        query.next(10, TimeUnit.SECONDS)
                                                                .orElseThrow()));
                                    }
                                })
                        .isInstanceOfSatisfying(
                                WeirException.class,
                                e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
                                    assertThat(e.getMessage())
                                            .isEqualTo(
                                                    "Numeric value out of range (2147483648 does"
                                                            + " not fit INTEGER) evaluating SUM of"
                                                            + " INTEGER values.");
                                });
                // The wrapped sum never came out.
                assertThat(seen).noneMatch(r -> r.contains("-2147483648"));
            } finally {
                query.cancel();
            }
        }
    }
}
