package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.parser.WeirParser;
import dev.weir.planner.Planner;
import org.junit.jupiter.api.Test;

/** The plan fingerprint checkpoints record: equal for equal plans, different for any change. */
class PlanFingerprintTest {
    private static String planOf(Engine engine, String sql) {
        return CheckpointStore.planOf(
                new Planner(engine.catalog()).planQuery(WeirParser.parseStatement(sql)).graph());
    }

    private static String window(String size, String aggregate) {
        return "SELECT k, window_start, window_end, "
                + aggregate
                + " AS a FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '"
                + size
                + "' SECOND)) GROUP BY k, window_start, window_end EMIT AFTER WATERMARK";
    }

    @Test
    void equalPlansHaveEqualFingerprintsAndAnyDifferenceShows() {
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL, w BIGINT NOT NULL, ts"
                            + " TIMESTAMP(3) NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1'"
                            + " SECOND)");
            String base = planOf(engine, window("10", "SUM(v)"));
            assertThat(base).matches("[0-9a-f]{64}");
            assertThat(planOf(engine, window("10", "SUM(v)"))).isEqualTo(base);
            assertThat(planOf(engine, window("20", "SUM(v)"))).isNotEqualTo(base);
            assertThat(planOf(engine, window("10", "SUM(w)"))).isNotEqualTo(base);
            assertThat(planOf(engine, window("10", "MAX(v)"))).isNotEqualTo(base);
            assertThat(planOf(engine, "SELECT k, v FROM ev WHERE v > 1"))
                    .isNotEqualTo(planOf(engine, "SELECT k, v FROM ev WHERE v > 2"));
        }
    }
}
