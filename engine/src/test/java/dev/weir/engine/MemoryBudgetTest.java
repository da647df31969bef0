package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The heap budget: statements that would need more are refused with 53200, not run out of heap. */
class MemoryBudgetTest {
    private static final long MIB = 1 << 20;
    private static final int ROWS = 4_000;

    private final AtomicLong heapInUse = new AtomicLong();
    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.inMemory();
        engine.executeScript("CREATE STREAM s (a INT); CREATE STREAM ev (k INT, s VARCHAR);");
        // A thousand rows a statement: Calcite compiles a VALUES list in time quadratic in its
        // size.
        for (int from = 0; from < ROWS; from += 1_000) {
            StringBuilder insert = new StringBuilder("INSERT INTO ev VALUES ");
            for (int k = from; k < from + 1_000; k++) {
                insert.append(k == from ? "" : ", ")
                        .append("(")
                        .append(k)
                        .append(", '")
                        .append("x".repeat(300))
                        .append(k % 7)
                        .append("')");
            }
            engine.execute(insert.toString());
        }
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void refused(String sql, String message) {
        assertThatThrownBy(() -> engine.execute(sql))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
                            assertThat(e.code().sqlState()).isEqualTo("53200");
                            assertThat(e.getMessage()).isEqualTo(message);
                        });
    }

    @Test
    void noQueryStartsWhileTheHeapAfterGcIsOverTheBudget() {
        engine.limitMemory(64 * MIB, heapInUse::get);
        heapInUse.set(65 * MIB);
        String overBudget =
                "Not enough memory to start this query: the heap in use after the last garbage"
                        + " collection is 65 MiB, over the server's budget of 64 MiB (--memory)."
                        + " Cancel queries you no longer need (SHOW QUERIES lists them), or start"
                        + " the server with a higher --memory (and -Xmx).";
        refused("SELECT COUNT(*) FROM ev", "line 1:1: " + overBudget);
        refused("SELECT a FROM s EMIT STREAM", "line 1:1: " + overBudget);
        refused(
                "CREATE MATERIALIZED VIEW v AS SELECT a, COUNT(*) AS n FROM s GROUP BY a",
                "line 1:1: " + overBudget);
        refused("INSERT INTO s SELECT a FROM s", "line 1:1: " + overBudget);
        assertThat(engine.catalog().find("v")).isEmpty();
        // Once collections bring the heap back under the budget, queries start again.
        heapInUse.set(63 * MIB);
        assertThat(rows("SELECT COUNT(*) FROM ev")).containsExactly(List.of(4_000L));
    }

    @Test
    void aSnapshotAnswerOverItsShareOfTheBudgetIsRefused() {
        engine.limitMemory(4 * MIB, heapInUse::get); // an answer may hold 1 MiB of rows
        String tooLarge =
                "Not enough memory for this query's answer: it holds more than 1 MiB of rows, the"
                        + " share of one query's answer in the server's budget (--memory divided"
                        + " by 4). Narrow it with WHERE or LIMIT, read it with EMIT STREAM, or"
                        + " start the server with a higher --memory.";
        refused("SELECT k, s FROM ev", tooLarge);
        refused("SELECT k, s FROM ev ORDER BY s DESC, k", tooLarge);
        // What fits is answered exactly.
        assertThat(rows("SELECT k, s FROM ev ORDER BY s DESC, k LIMIT 3"))
                .containsExactly(
                        List.of(6, "x".repeat(300) + "6"),
                        List.of(13, "x".repeat(300) + "6"),
                        List.of(20, "x".repeat(300) + "6"));
        assertThat(rows("SELECT COUNT(*) FROM ev WHERE k < 1000")).containsExactly(List.of(1000L));
    }

    @Test
    void anOrderByWithoutLimitSpillsWithinTheBudgetAndAnswersExactly() {
        engine.limitMemory(64 * MIB, heapInUse::get).spillSortsAfter(1_000);
        List<List<Object>> expected = new ArrayList<>();
        for (int k = 0; k < ROWS; k++) {
            expected.add(List.of(k % 7, k));
        }
        expected.sort(
                Comparator.<List<Object>>comparingInt(r -> -(Integer) r.get(0))
                        .thenComparingInt(r -> (Integer) r.get(1)));
        List<List<Object>> answer = new ArrayList<>();
        for (List<Object> row : rows("SELECT k, s FROM ev ORDER BY s DESC, k")) {
            String s = (String) row.get(1);
            answer.add(List.of(s.charAt(s.length() - 1) - '0', row.get(0)));
        }
        assertThat(answer).isEqualTo(expected);
    }

    private List<List<Object>> rows(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object[] row : ((StatementResult.Rows) engine.execute(sql)).rows()) {
            rows.add(List.of(row));
        }
        return rows;
    }
}
