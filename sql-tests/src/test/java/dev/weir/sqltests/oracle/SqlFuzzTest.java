package dev.weir.sqltests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 5,000 mutated corpus statements (a fixed seed): none answers INTERNAL_ERROR or an uncoded
 * exception, and every one ends. The benchmark-sized run is {@code SqlFuzz 100000}
 * (docs/testing.md).
 */
class SqlFuzzTest {
    private static final long SEED = 20_261_207L;

    @Test
    void mutatedStatementsAreAnsweredOrRefusedWithACodeAndAllEnd() throws Exception {
        OracleMain.quietLogs();
        SqlFuzz.Outcome outcome = new SqlFuzz(SEED).run(5_000);
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.statements()).isEqualTo(5_000);
        // Most mutations are refused (a parse or validation error), but not all: the run reaches
        // the planner and the executor too.
        assertThat(outcome.refused()).isBetween(1_000, 4_990);
    }
}
