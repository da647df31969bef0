package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An INSERT of many rows: its values were reduced by one generated method, which outgrew the JVM's
 * 64 KB per method at a few thousand computed values (an UPSERT of Nexmark q13's 10,000-row side
 * input failed with INTERNAL_ERROR).
 */
class LargeInsertTest {
    private static String values(int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            // Three computed values and a literal per row: only the literal needs no reducing.
            b.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(i)
                    .append(" + 0, CAST(")
                    .append(i)
                    .append(" AS VARCHAR), 'x', ")
                    .append(i)
                    .append(" * 2)");
        }
        return b.toString();
    }

    @Test
    void twoThousandRowsOfThreeComputedValues() {
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE TABLE side (k BIGINT, v VARCHAR, t VARCHAR, d BIGINT, PRIMARY KEY (k))");
            engine.execute("UPSERT INTO side VALUES " + values(2_000));
            engine.execute("CREATE STREAM s (k BIGINT, v VARCHAR, t VARCHAR, d BIGINT)");
            engine.execute("INSERT INTO s VALUES " + values(2_000));
            // 0 + 1 + ... + 1,999 = 1,999,000; the text of each key is its number, d twice it.
            String check =
                    "SELECT COUNT(*), SUM(k), SUM(CAST(v AS BIGINT)), MIN(t), MAX(t), SUM(d) FROM ";
            assertThat(EngineResults.rows(engine, check + "side"))
                    .containsExactly("[2000, 1999000, 1999000, x, x, 3998000]");
            assertThat(EngineResults.rows(engine, check + "s"))
                    .containsExactly("[2000, 1999000, 1999000, x, x, 3998000]");
        }
    }
}
