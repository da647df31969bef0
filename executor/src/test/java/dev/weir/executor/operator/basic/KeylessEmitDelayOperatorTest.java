package dev.weir.executor.operator.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import org.junit.jupiter.api.Test;

class KeylessEmitDelayOperatorTest {
    private static OperatorHarness harness() {
        return new OperatorHarness(() -> new KeylessEmitDelayOperator(1_000));
    }

    @Test
    void duplicatesStayDuplicates() {
        // SELECT k FROM ev EMIT STREAM AFTER DELAY: found by the oracle, 'a' came out once.
        OperatorHarness h = harness();
        h.advanceProcessingTime(0);
        h.change(Change.insert(Row.of("a")));
        h.change(Change.insert(Row.of("b")));
        h.change(Change.insert(Row.of("a")));
        h.advanceProcessingTime(999);
        assertThat(h.emittedStrings()).isEmpty();
        h.advanceProcessingTime(1_000);
        assertThat(h.emittedStrings()).containsExactly("+I[a]", "+I[a]", "+I[b]");
        // One of the two is deleted: one retraction, the other stays.
        h.change(Change.delete(Row.of("a")));
        h.advanceProcessingTime(2_000);
        assertThat(h.emittedStrings()).containsExactly("+I[a]", "+I[a]", "+I[b]", "-D[a]");
    }

    @Test
    void aKeylessCountRetractsItsOldValueWhenTheNewOneComes() {
        OperatorHarness h = harness();
        h.advanceProcessingTime(0);
        h.change(Change.insert(Row.of(1L)));
        h.advanceProcessingTime(1_000);
        h.change(Change.updateBefore(Row.of(1L)));
        h.change(Change.updateAfter(Row.of(2L)));
        h.change(Change.updateBefore(Row.of(2L)));
        h.change(Change.updateAfter(Row.of(3L)));
        h.advanceProcessingTime(2_000);
        // The net change since the last realization: 1 out, 3 in; 2 was never realized.
        assertThat(h.emittedStrings()).containsExactly("+I[1]", "-D[1]", "+I[3]");
        // Back to where it was within one delay: nothing to realize.
        h.change(Change.updateBefore(Row.of(3L)));
        h.change(Change.updateAfter(Row.of(4L)));
        h.change(Change.updateBefore(Row.of(4L)));
        h.change(Change.updateAfter(Row.of(3L)));
        h.advanceProcessingTime(3_000);
        assertThat(h.emittedStrings()).containsExactly("+I[1]", "-D[1]", "+I[3]");
    }

    @Test
    void theEarliestPendingChangeStartsTheClockAndNothingRealizedIsKept() {
        OperatorHarness h = harness();
        h.advanceProcessingTime(100);
        h.change(Change.insert(Row.of("a")));
        h.advanceProcessingTime(900);
        h.change(Change.insert(Row.of("b")));
        h.advanceProcessingTime(1_099);
        assertThat(h.emittedStrings()).isEmpty();
        h.advanceProcessingTime(1_100);
        assertThat(h.emittedStrings()).containsExactly("+I[a]", "+I[b]");
        // State holds what is pending only: after a realization, nothing.
        assertThat(h.stateEntries("pending", RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("due", RowCodec.INSTANCE)).isZero();
        for (int i = 0; i < 100; i++) {
            h.change(Change.insert(Row.of("x" + i)));
        }
        h.advanceProcessingTime(2_100);
        assertThat(h.emittedStrings()).hasSize(102);
        assertThat(h.stateEntries("pending", RowCodec.INSTANCE)).isZero();
    }

    @Test
    void pendingChangesSurviveARestoreAndTheEndRealizesThem() {
        OperatorHarness h = harness();
        h.advanceProcessingTime(0);
        h.change(Change.insert(Row.of("a")));
        h.change(Change.insert(Row.of("a")));
        h.snapshotAndRestore();
        assertThat(h.pendingTimers()).containsExactly(1_000L);
        h.advanceProcessingTime(1_000);
        assertThat(h.emittedStrings()).containsExactly("+I[a]", "+I[a]");
        h.advanceProcessingTime(1_500);
        h.change(Change.insert(Row.of("c")));
        h.change(Change.delete(Row.of("a")));
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings()).containsExactly("+I[a]", "+I[a]", "-D[a]", "+I[c]");
        assertThat(h.emittedWatermarks()).containsExactly(Watermarks.END);
    }
}
