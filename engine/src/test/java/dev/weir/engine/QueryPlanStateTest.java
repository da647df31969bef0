package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.parser.WeirParser;
import dev.weir.plan.PlanState;
import dev.weir.planner.Planner;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The state of planned queries, which checkpoints are matched on: equal for equal plans, different
 * when an operator's state differs (window, aggregate function, key type), and the same when only
 * nodes without state differ. The last includes other filters and other aggregated columns of the
 * same type: that is by design, since a checkpoint also records its query's SQL and is never
 * restored into another definition (a materialized view's SQL cannot change without DROP and
 * CREATE, which drops its checkpoints).
 */
class QueryPlanStateTest {
    private static PlanState stateOf(Engine engine, String sql) {
        return PlanState.of(
                new Planner(engine.catalog()).planQuery(WeirParser.parseStatement(sql)).graph());
    }

    private static String window(String size, String key, String aggregate) {
        return "SELECT "
                + key
                + ", window_start, window_end, "
                + aggregate
                + " AS a FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '"
                + size
                + "' SECOND)) GROUP BY "
                + key
                + ", window_start, window_end EMIT AFTER WATERMARK";
    }

    /** Why a checkpoint of {@code before}'s plan cannot be restored into {@code after}'s. */
    private static Optional<String> problem(Engine engine, String before, String after) {
        return stateOf(engine, after).restoreProblem(stateOf(engine, before));
    }

    @Test
    void onlyADifferenceInAnOperatorsStateKeepsACheckpointFromAnotherPlan() {
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM ev (k BIGINT NOT NULL, s VARCHAR NOT NULL, v BIGINT NOT NULL,"
                            + " w BIGINT NOT NULL, ts TIMESTAMP(3) NOT NULL, WATERMARK FOR ts AS"
                            + " ts - INTERVAL '1' SECOND)");
            String base = window("10", "k", "SUM(v)");
            assertThat(stateOf(engine, base)).isEqualTo(stateOf(engine, base));
            assertThat(stateOf(engine, base).slots())
                    .extracting(slot -> slot.name() + ": " + slot.layout())
                    .containsExactly(
                            "source: stream=ev, time=ts, watermarkDelay=1000ms",
                            "window_aggregate: window=TUMBLE(size=10000ms, offset=0ms),"
                                    + " keys=[BIGINT], calls=[SUM(BIGINT) -> BIGINT], emit=after"
                                    + " watermark, allowedLateness=0ms");
            assertThat(problem(engine, base, window("20", "k", "SUM(v)")))
                    .hasValueSatisfying(
                            p ->
                                    assertThat(p)
                                            .contains("'window=TUMBLE(size=10000ms, offset=0ms),")
                                            .contains("but 'window=TUMBLE(size=20000ms,"));
            assertThat(problem(engine, base, window("10", "k", "MAX(v)")))
                    .hasValueSatisfying(
                            p -> assertThat(p).contains("calls=[MAX(BIGINT) -> BIGINT]"));
            assertThat(problem(engine, base, window("10", "s", "SUM(v)")))
                    .hasValueSatisfying(p -> assertThat(p).contains("keys=[VARCHAR]"));
            assertThat(problem(engine, base, window("10", "k", "COUNT(DISTINCT v)")))
                    .hasValueSatisfying(
                            p ->
                                    assertThat(p)
                                            .contains("calls=[COUNT(DISTINCT BIGINT) -> BIGINT]"));
            // Same state: another column of the same type, an expression computed before it.
            assertThat(problem(engine, base, window("10", "k", "SUM(w)"))).isEmpty();
            assertThat(problem(engine, base, window("10", "k", "SUM(v * 2)"))).isEmpty();
            assertThat(problem(engine, base, window("10", "k", "SUM(v) + 1"))).isEmpty();
            // Stateless queries: just their source, whatever the filter.
            assertThat(
                            problem(
                                    engine,
                                    "SELECT k, v FROM ev WHERE v > 1",
                                    "SELECT k, v FROM ev WHERE v > 2"))
                    .isEmpty();
            assertThat(problem(engine, "SELECT k, v FROM ev", "SELECT k, s FROM ev"))
                    .contains(
                            "its result has rows=[BIGINT, BIGINT] where this plan's has"
                                    + " rows=[BIGINT, VARCHAR]");
        }
    }
}
