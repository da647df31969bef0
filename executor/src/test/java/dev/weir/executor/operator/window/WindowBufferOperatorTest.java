package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.WindowBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The window buffer over random out-of-order rows {@code (v, window_end)}, duplicates among them,
 * against a reference that keeps what it is told: after each watermark, the output must be exactly
 * the rows not late at their arrival (their window's end plus the lateness after the watermark
 * then) whose window the watermark has now passed, each once and insert-only, in window order; late
 * rows dropped and counted; a checkpoint and restore midway changes nothing; no row is left at the
 * end.
 */
class WindowBufferOperatorTest {
    private static final int STEPS = 400;

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void outputEqualsReference(int seed) {
        Random random = new Random(seed);
        long lateness = seed % 2 == 0 ? 0 : 5;
        WindowBuffer node =
                new WindowBuffer(
                        1,
                        0,
                        List.of(
                                new FieldSpec("v", ValueType.BIGINT, true),
                                new FieldSpec("window_end", ValueType.TIMESTAMP, false)),
                        1,
                        lateness);
        OperatorHarness harness = new OperatorHarness(() -> new WindowBufferOperator(node));
        Map<Row, Integer> held = new HashMap<>();
        List<Row> expected = new ArrayList<>();
        long watermark = Watermarks.NONE;
        long late = 0;
        for (int step = 0; step < STEPS; step++) {
            if (step == STEPS / 2) {
                harness.snapshotAndRestore();
                harness.watermark(watermark); // a restarted input sends its watermark again
            }
            if (random.nextInt(4) == 0) {
                watermark = Math.max(watermark, step - random.nextInt(20));
                harness.watermark(watermark);
                List<Row> due = new ArrayList<>();
                for (Map.Entry<Row, Integer> e : held.entrySet()) {
                    if ((Long) e.getKey().get(1) <= watermark) {
                        for (int i = 0; i < e.getValue(); i++) {
                            due.add(e.getKey());
                        }
                    }
                }
                due.forEach(held::remove);
                due.sort(
                        (a, b) ->
                                a.get(1).equals(b.get(1))
                                        ? Long.compare((Long) a.get(0), (Long) b.get(0))
                                        : Long.compare((Long) a.get(1), (Long) b.get(1)));
                expected.addAll(due);
            } else {
                long end = 10 * ((step + random.nextInt(30) - 15) / 10 + 1);
                Row row = Row.of((long) random.nextInt(3), end);
                harness.insert(row.get(0), row.get(1));
                if (watermark == Watermarks.NONE || end > watermark) {
                    held.merge(row, 1, Integer::sum);
                } else if (end > watermark - lateness) {
                    expected.add(row); // its window has come out: at once
                } else {
                    late++;
                }
            }
            assertThat(harness.emitted()).as("after step %d", step).hasSize(expected.size());
        }
        harness.watermark(Watermarks.END);
        held.forEach(
                (row, n) -> {
                    for (int i = 0; i < n; i++) {
                        expected.add(row);
                    }
                });
        List<Row> rows = new ArrayList<>();
        for (Change change : harness.emitted()) {
            assertThat(change.kind()).isEqualTo(RowKind.INSERT);
            rows.add(change.row());
        }
        assertThat(rows.subList(0, rows.size() - heldCount(held)))
                .containsExactlyElementsOf(expected.subList(0, expected.size() - heldCount(held)));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(late).isPositive();
        assertThat(harness.stateEntries("rows", RowCodec.INSTANCE)).isZero();
        harness.close();
    }

    private static int heldCount(Map<Row, Integer> held) {
        return held.values().stream().mapToInt(Integer::intValue).sum();
    }
}
