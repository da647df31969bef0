package dev.weir.executor.operator.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmitDelayOperatorTest {
    @Test
    void realizesTheNetChangePerKeyAtMostOncePerDelay() {
        OperatorHarness harness =
                new OperatorHarness(() -> new EmitDelayOperator(List.of(0), 1_000));
        harness.advanceProcessingTime(0);
        harness.change(Change.insert(Row.of("a", 1L)));
        harness.change(Change.updateBefore(Row.of("a", 1L)));
        harness.change(Change.updateAfter(Row.of("a", 2L)));
        harness.advanceProcessingTime(500);
        harness.change(Change.insert(Row.of("b", 7L)));
        assertThat(harness.emittedStrings()).isEmpty();
        harness.advanceProcessingTime(1_000);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 2]");
        harness.change(Change.updateBefore(Row.of("a", 2L)));
        harness.change(Change.updateAfter(Row.of("a", 3L)));
        harness.change(Change.updateBefore(Row.of("a", 3L)));
        harness.change(Change.updateAfter(Row.of("a", 2L)));
        harness.advanceProcessingTime(1_500);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 2]", "+I[b, 7]");
        harness.advanceProcessingTime(2_000);
        // a came back to 2: nothing to realize.
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 2]", "+I[b, 7]");
        harness.change(Change.delete(Row.of("b", 7L)));
        harness.watermark(Watermarks.END);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 2]", "+I[b, 7]", "-D[b, 7]");
    }

    @Test
    void anUpdateBeforeWithoutItsUpdateAfterDeletesTheRow() {
        // GROUP BY k HAVING ...: a group that stops passing HAVING sends -U and no +U (the filter
        // drops it). Found by the oracle: the row stayed in the result.
        OperatorHarness harness =
                new OperatorHarness(() -> new EmitDelayOperator(List.of(0), 1_000));
        harness.advanceProcessingTime(0);
        harness.change(Change.insert(Row.of("a", 1L)));
        harness.advanceProcessingTime(1_000);
        harness.change(Change.updateBefore(Row.of("a", 1L)));
        harness.advanceProcessingTime(2_000);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 1]", "-D[a, 1]");
    }

    @Test
    void theEarliestPendingChangeStartsTheClockAndLaterOnesDoNotPushItBack() {
        OperatorHarness harness =
                new OperatorHarness(() -> new EmitDelayOperator(List.of(0), 1_000));
        harness.advanceProcessingTime(100);
        harness.change(Change.insert(Row.of("a", 1L)));
        harness.advanceProcessingTime(900);
        harness.change(Change.updateBefore(Row.of("a", 1L)));
        harness.change(Change.updateAfter(Row.of("a", 5L)));
        harness.advanceProcessingTime(1_099);
        assertThat(harness.emittedStrings()).isEmpty();
        harness.advanceProcessingTime(1_100);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 5]");
        // Inserted and deleted within one delay: nothing was ever realized, nothing is.
        harness.change(Change.insert(Row.of("b", 1L)));
        harness.change(Change.delete(Row.of("b", 1L)));
        harness.advanceProcessingTime(5_000);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 5]");
        assertThat(harness.emittedWatermarks()).isEmpty();
    }

    @Test
    void pendingChangesAreRealizedOnTimeAfterARestore() {
        OperatorHarness harness =
                new OperatorHarness(() -> new EmitDelayOperator(List.of(0), 1_000));
        harness.advanceProcessingTime(0);
        harness.change(Change.insert(Row.of("a", 1L)));
        harness.advanceProcessingTime(1_000);
        harness.change(Change.updateBefore(Row.of("a", 1L)));
        harness.change(Change.updateAfter(Row.of("a", 2L)));
        harness.advanceProcessingTime(1_500);
        harness.change(Change.insert(Row.of("b", 3L)));
        // The restart loses the runtime's timers; the operator asks again for those it needs.
        harness.snapshotAndRestore();
        assertThat(harness.pendingTimers()).containsExactly(2_000L, 2_500L);
        harness.advanceProcessingTime(2_000);
        assertThat(harness.emittedStrings()).containsExactly("+I[a, 1]", "-U[a, 1]", "+U[a, 2]");
        harness.advanceProcessingTime(2_500);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[a, 1]", "-U[a, 1]", "+U[a, 2]", "+I[b, 3]");
        harness.watermark(Watermarks.END);
        assertThat(harness.emittedWatermarks()).containsExactly(Watermarks.END);
        assertThat(harness.stateEntries("due", dev.weir.executor.state.RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("pending", dev.weir.executor.state.RowCodec.INSTANCE))
                .isZero();
    }

    /** Rows of (key, window_end, count) as an updating window aggregate emits them. */
    private static OperatorHarness early(long lateness) {
        return new OperatorHarness(() -> new EmitDelayOperator(List.of(0, 1), 1_000, 1, lateness));
    }

    @Test
    void earlyResultsEveryDelayThenTheFinalOneAtTheWatermark() {
        OperatorHarness h = early(0);
        h.advanceProcessingTime(0);
        h.change(Change.insert(Row.of("a", 10L, 1L)));
        h.change(Change.updateBefore(Row.of("a", 10L, 1L)));
        h.change(Change.updateAfter(Row.of("a", 10L, 2L)));
        h.change(Change.insert(Row.of("b", 20L, 1L)));
        h.advanceProcessingTime(1_000);
        assertThat(h.emittedStrings()).containsExactly("+I[a, 10, 2]", "+I[b, 20, 1]");
        h.change(Change.updateBefore(Row.of("a", 10L, 2L)));
        h.change(Change.updateAfter(Row.of("a", 10L, 3L)));
        h.watermark(9);
        assertThat(h.emittedStrings()).hasSize(2); // not complete, and not due yet
        h.watermark(10); // a's window is complete: final now, not at 2,000
        assertThat(h.emittedStrings())
                .containsExactly("+I[a, 10, 2]", "+I[b, 20, 1]", "-U[a, 10, 2]", "+U[a, 10, 3]");
        h.advanceProcessingTime(5_000);
        assertThat(h.emittedStrings()).hasSize(4);
        h.watermark(20); // b's final result is the early one: nothing new
        assertThat(h.emittedStrings()).hasSize(4);
        assertThat(h.emittedWatermarks()).containsExactly(9L, 10L, 20L);
        assertThat(h.stateEntries("emitted", RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("pending", RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("due", RowCodec.INSTANCE)).isZero();
    }

    @Test
    void aWindowWithoutEarlyResultGetsItsFinalOneAtTheWatermarkAcrossARestore() {
        OperatorHarness h = early(5);
        h.advanceProcessingTime(0);
        h.change(Change.insert(Row.of("a", 10L, 1L)));
        h.snapshotAndRestore();
        h.watermark(10);
        assertThat(h.emittedStrings()).containsExactly("+I[a, 10, 1]");
        // Within the allowed lateness, a late row's update is an early result again...
        h.change(Change.updateBefore(Row.of("a", 10L, 1L)));
        h.change(Change.updateAfter(Row.of("a", 10L, 2L)));
        h.watermark(12); // ...and final at once: the watermark is past the window's end
        assertThat(h.emittedStrings())
                .containsExactly("+I[a, 10, 1]", "-U[a, 10, 1]", "+U[a, 10, 2]");
        h.watermark(15);
        assertThat(h.stateEntries("emitted", RowCodec.INSTANCE)).isZero();
    }
}
