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
            // A computed value, a cast and a literal per row: only the literal needs no reducing.
            b.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(i)
                    .append(" + 0, CAST(")
                    .append(i)
                    .append(" AS VARCHAR), 'x')");
        }
        return b.toString();
    }

    @Test
    void fourThousandRowsOfComputedValues() {
        try (Engine engine = Engine.inMemory()) {
            engine.execute("CREATE TABLE side (k BIGINT, v VARCHAR, t VARCHAR, PRIMARY KEY (k))");
            engine.execute("UPSERT INTO side VALUES " + values(4_000));
            engine.execute("CREATE STREAM s (k BIGINT, v VARCHAR, t VARCHAR)");
            engine.execute("INSERT INTO s VALUES " + values(4_000));
            // 0 + 1 + ... + 3,999 = 7,998,000; the text of each key is its number.
            String check = "SELECT COUNT(*), SUM(k), SUM(CAST(v AS BIGINT)), MIN(t), MAX(t) FROM ";
            assertThat(EngineResults.rows(engine, check + "side"))
                    .containsExactly("[4000, 7998000, 7998000, x, x]");
            assertThat(EngineResults.rows(engine, check + "s"))
                    .containsExactly("[4000, 7998000, 7998000, x, x]");
        }
    }
}
