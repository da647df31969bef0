package dev.weir.executor.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.LookupJoinNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stream rows are (id, key); the table's rows (key, value), keyed by key. Each stream row is joined
 * with the table as it is when the row arrives.
 */
class LookupJoinOperatorTest {
    /** The table: a map the test changes between rows, as statements change a server's table. */
    private final Map<String, Row> table = new HashMap<>();

    private final LookupTable lookup = key -> Optional.ofNullable(table.get((String) key.get(0)));

    private static LookupJoinNode node(JoinKind kind) {
        return new LookupJoinNode(
                1,
                0,
                List.of(),
                kind,
                "t",
                List.of(
                        new FieldSpec("k", ValueType.VARCHAR, false),
                        new FieldSpec("v", ValueType.INTEGER, true)),
                List.of(0),
                List.of(1),
                "",
                "");
    }

    private OperatorHarness harness(JoinKind kind, Calc condition) {
        return new OperatorHarness(() -> new LookupJoinOperator(node(kind), 2, lookup, condition));
    }

    private void put(String key, Integer value) {
        table.put(key, Row.of(key, value));
    }

    /** Later changes of the table do not touch rows already joined; no key, no row: padded. */
    @Test
    void eachRowJoinsTheTableAsItIsWhenTheRowArrives() {
        OperatorHarness h = harness(JoinKind.LEFT, null);
        put("a", 1);
        h.change(Change.insert(Row.of(1, "a")));
        h.change(Change.insert(Row.of(2, "b")));
        put("a", 2);
        put("b", 3);
        h.change(Change.insert(Row.of(3, "a")));
        h.change(Change.insert(Row.of(4, "b")));
        table.remove("a");
        h.change(Change.insert(Row.of(5, "a")));
        h.change(Change.insert(Row.of(6, null)));
        h.watermark(7);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[1, a, a, 1]",
                        "+I[2, b, null, null]",
                        "+I[3, a, a, 2]",
                        "+I[4, b, b, 3]",
                        "+I[5, a, null, null]",
                        "+I[6, null, null, null]");
        assertThat(h.emittedWatermarks()).containsExactly(7L);
    }

    /**
     * Random table changes and rows, inner and left, with and without a condition on the row found
     * (value above the row's id modulo 5), against a direct computation of each row's result.
     */
    @Test
    void matchesADirectComputationOverRandomChanges() {
        Random random = new Random(12);
        for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT)) {
            for (boolean withCondition : List.of(false, true)) {
                table.clear();
                Calc condition =
                        withCondition
                                ? (in, out) ->
                                        in[3] != null && (Integer) in[3] > (Integer) in[0] % 5
                                : null;
                OperatorHarness h = harness(kind, condition);
                List<String> expected = new ArrayList<>();
                for (int id = 0; id < 2000; id++) {
                    String key = random.nextInt(8) == 0 ? null : "k" + random.nextInt(6);
                    int change = random.nextInt(4);
                    String changed = "k" + random.nextInt(6);
                    if (change == 0) {
                        table.remove(changed);
                    } else if (change == 1) {
                        put(changed, random.nextInt(10));
                    }
                    Row found = key == null ? null : table.get(key);
                    boolean joins =
                            found != null && (!withCondition || (Integer) found.get(1) > id % 5);
                    if (joins) {
                        expected.add(
                                "+I[" + id + ", " + key + ", " + key + ", " + found.get(1) + "]");
                    } else if (kind == JoinKind.LEFT) {
                        expected.add("+I[" + id + ", " + key + ", null, null]");
                    }
                    h.change(Change.insert(Row.of(id, key)));
                }
                assertThat(h.emittedStrings()).containsExactlyElementsOf(expected);
            }
        }
    }
}
