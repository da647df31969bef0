package dev.weir.executor.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.WindowJoinNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows are (key, value, window_end): joined on window_end, then key. */
class WindowJoinOperatorTest {
    private static OperatorHarness harness(JoinKind kind) {
        WindowJoinNode node =
                new WindowJoinNode(
                        2,
                        0,
                        1,
                        List.of(),
                        kind,
                        List.of(2, 0),
                        List.of(2, 0),
                        List.of(false, false),
                        "",
                        "",
                        0);
        return new OperatorHarness(() -> new WindowJoinOperator(node, 3, 3, null));
    }

    private static Change row(String key, int value, long end) {
        return Change.insert(Row.of(key, value, end));
    }

    /**
     * Nothing comes out before the watermark completes a window; then its pairs and padded rows,
     * once; a retraction taken back before then is not joined; both sides' state is emptied.
     */
    @Test
    void aWindowIsEmittedOnceWhenCompleteAndItsStateDropped() {
        OperatorHarness h = harness(JoinKind.FULL);
        h.change(0, row("a", 1, 10L));
        h.change(1, row("a", 2, 10L));
        h.change(1, row("b", 3, 10L));
        h.change(1, Change.delete(Row.of("b", 3, 10L)));
        h.change(0, row(null, 4, 10L));
        h.change(0, row("a", 5, 20L));
        h.inputWatermark(0, 9);
        h.inputWatermark(1, 9);
        assertThat(h.emitted()).isEmpty();
        h.inputWatermark(0, 10);
        h.inputWatermark(1, 10);
        assertThat(h.emittedStrings())
                .containsExactlyInAnyOrder(
                        "+I[a, 1, 10, a, 2, 10]", "+I[null, 4, 10, null, null, null]");
        assertThat(h.stateEntries("left", RowCodec.INSTANCE)).isEqualTo(1);
        assertThat(h.stateEntries("right", RowCodec.INSTANCE)).isZero();
        // Restored, the emitted window is not emitted again; the open one waits.
        h.snapshotAndRestore();
        h.inputWatermark(0, 15);
        h.inputWatermark(1, 15);
        assertThat(h.emitted()).hasSize(2);
        h.inputWatermark(0, 20);
        h.inputWatermark(1, 20);
        assertThat(h.emittedStrings()).contains("+I[a, 5, 20, null, null, null]").hasSize(3);
        assertThat(h.stateEntries("left", RowCodec.INSTANCE)).isZero();
    }

    /** A row of a window its own input's watermark has passed is late, whatever the other's. */
    @Test
    void aRowIsLateByItsOwnInputsWatermark() {
        OperatorHarness h = harness(JoinKind.SEMI);
        h.inputWatermark(0, 30);
        h.change(0, row("a", 1, 30L));
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        h.change(1, row("a", 2, 30L));
        h.change(0, row("a", 3, 40L));
        h.change(0, row("b", 4, 40L));
        h.change(1, row("a", 5, 40L));
        h.change(1, row("a", 6, 40L));
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        h.inputWatermark(1, 40);
        h.inputWatermark(0, 40);
        // SEMI: the left row that matched, once, with the left fields only.
        assertThat(h.emittedStrings()).containsExactly("+I[a, 3, 40]");
    }
}
