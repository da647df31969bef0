package dev.weir.sqltests.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * emit-delay-keyless (found by the oracle, FINDINGS.md): {@code EMIT STREAM AFTER DELAY} over a
 * result without a key used the whole row as the key, so equal rows merged into one. A keyless
 * result is a multiset: the changelog, folded, must be the result with its duplicates, and never
 * retract a row it did not push. (A script cannot wait for processing time to pass, so this test
 * does: it reads until the query has been quiet for a while.)
 */
class EmitDelayKeylessTest {
    private static final long QUIET_MILLIS = 300;

    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM ev (k VARCHAR, x INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);"
                        + " INSERT INTO ev VALUES ('a', 1, TIMESTAMP '2026-01-01 00:00:00.500'),"
                        + " ('b', 2, TIMESTAMP '2026-01-01 00:00:00.700'),"
                        + " ('a', 3, TIMESTAMP '2026-01-01 00:00:05.000');");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private ContinuousQuery query(String sql) throws InterruptedException {
        ContinuousQuery query = ((StatementResult.Continuous) engine.execute(sql)).query();
        assertThat(query.job().orElseThrow().awaitCaughtUp(10_000)).isTrue();
        return query;
    }

    /**
     * Folds what {@code query} pushes until it has been quiet for a while into {@code result} (rows
     * as "v1 | v2", without undo, ptime and ver); a retraction of a row not there fails.
     */
    private static void fold(ContinuousQuery query, List<String> result)
            throws InterruptedException {
        int width = query.columns().size() - 3;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < QUIET_MILLIS) {
            Optional<Object[]> next = query.next(10, TimeUnit.MILLISECONDS);
            if (next.isEmpty()) {
                continue;
            }
            quietSince = System.currentTimeMillis();
            Object[] row = next.get();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                values.add(String.valueOf(row[i]));
            }
            String line = String.join(" | ", values);
            if (Boolean.TRUE.equals(row[width])) {
                assertThat(result.remove(line)).as("retraction of %s, not there", line).isTrue();
            } else {
                result.add(line);
            }
        }
    }

    @Test
    void equalRowsStayTwoRows() throws InterruptedException {
        ContinuousQuery query =
                query("SELECT e.k FROM ev e EMIT STREAM AFTER DELAY INTERVAL '0.001' SECOND");
        List<String> result = new ArrayList<>();
        fold(query, result);
        assertThat(result).containsExactlyInAnyOrder("a", "a", "b");
        engine.execute("INSERT INTO ev VALUES ('b', 4, TIMESTAMP '2026-01-01 00:00:06.000')");
        fold(query, result);
        assertThat(result).containsExactlyInAnyOrder("a", "a", "b", "b");
        query.cancel();
    }

    @Test
    void aKeylessCountRetractsItsOldValue() throws InterruptedException {
        ContinuousQuery query =
                query(
                        "SELECT COUNT(*) AS n FROM ev EMIT STREAM AFTER DELAY INTERVAL '0.05' SECOND");
        List<String> result = new ArrayList<>();
        fold(query, result);
        assertThat(result).containsExactly("3");
        engine.execute(
                "INSERT INTO ev VALUES ('c', 5, TIMESTAMP '2026-01-01 00:00:07.000'),"
                        + " ('d', 6, TIMESTAMP '2026-01-01 00:00:08.000')");
        fold(query, result);
        assertThat(result).containsExactly("5");
        query.cancel();
    }

    @Test
    void groupsThatNoLongerPassHavingAreRetracted() throws InterruptedException {
        ContinuousQuery query =
                query(
                        "SELECT e.k, COUNT(*) AS n FROM ev e GROUP BY e.k HAVING COUNT(*) < 2"
                                + " EMIT STREAM AFTER DELAY INTERVAL '0.001' SECOND");
        List<String> result = new ArrayList<>();
        fold(query, result);
        assertThat(result).containsExactly("b | 1");
        query.cancel();
    }

    @Test
    void rowsOfTwoGroupingSetsThatLookAlikeAreTwoRows() throws InterruptedException {
        engine.executeScript("CREATE STREAM g (b BOOLEAN, x INT); INSERT INTO g VALUES (NULL, 1);");
        ContinuousQuery query =
                query(
                        "SELECT x, b FROM g GROUP BY CUBE(x, b)"
                                + " EMIT STREAM AFTER DELAY INTERVAL '0.001' SECOND");
        List<String> result = new ArrayList<>();
        fold(query, result);
        assertThat(result)
                .containsExactlyInAnyOrder("1 | null", "1 | null", "null | null", "null | null");
        query.cancel();
    }
}
