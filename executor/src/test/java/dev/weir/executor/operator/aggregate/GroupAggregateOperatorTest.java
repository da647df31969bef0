package dev.weir.executor.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changelog of unbounded GROUP BY, step by step. Input rows are (key, value). */
class GroupAggregateOperatorTest {
    private static final List<AggregateCallSpec> COUNT_AND_MAX =
            List.of(
                    new AggregateCallSpec(
                            AggregateKind.COUNT_STAR, -1, false, -1, null, ValueType.BIGINT, -1),
                    new AggregateCallSpec(
                            AggregateKind.MAX,
                            1,
                            false,
                            -1,
                            ValueType.BIGINT,
                            ValueType.BIGINT,
                            -1));

    @Test
    void aGroupIsInsertedUpdatedAndDeletedWithItsState() {
        OperatorHarness h =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(0), COUNT_AND_MAX));
        h.change(Change.insert(Row.of("a", 5L)));
        h.change(Change.insert(Row.of("a", 9L)));
        h.change(Change.insert(Row.of("b", 1L)));
        h.change(Change.updateBefore(Row.of("a", 9L)));
        h.change(Change.updateAfter(Row.of("a", 2L)));
        h.change(Change.delete(Row.of("a", 5L)));
        h.change(Change.delete(Row.of("a", 2L)));
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[a, 1, 5]",
                        "-U[a, 1, 5]",
                        "+U[a, 2, 9]",
                        "+I[b, 1, 1]",
                        "-U[a, 2, 9]",
                        "+U[a, 1, 5]",
                        "-U[a, 1, 5]",
                        "+U[a, 2, 5]",
                        "-U[a, 2, 5]",
                        "+U[a, 1, 2]",
                        "-D[a, 1, 2]");
        assertThat(h.stateEntries("acc", RowCodec.INSTANCE)).isEqualTo(1); // b only
        assertThat(h.stateEntries("values", LongCodec.INSTANCE)).isEqualTo(1); // b's 1
        // A group that came back starts afresh.
        h.change(Change.insert(Row.of("a", 3L)));
        assertThat(h.emittedStrings()).last().isEqualTo("+I[a, 1, 3]");
    }

    @Test
    void anUnchangedResultEmitsNothing() {
        OperatorHarness h =
                new OperatorHarness(
                        () ->
                                new GroupAggregateOperator(
                                        List.of(0), List.of(COUNT_AND_MAX.get(1))));
        h.change(Change.insert(Row.of("a", 5L)));
        h.change(Change.insert(Row.of("a", 3L)));
        h.change(Change.updateBefore(Row.of("a", 3L)));
        h.change(Change.updateAfter(Row.of("a", 4L)));
        assertThat(h.emittedStrings()).containsExactly("+I[a, 5]");
    }

    @Test
    void aGlobalAggregateOverNoRowsHasItsEmptyResultAndReturnsToItWhenEmptied() {
        OperatorHarness h =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(), COUNT_AND_MAX));
        h.watermark(100);
        assertThat(h.emittedWatermarks()).containsExactly(100L);
        assertThat(h.emittedStrings()).isEmpty();
        h.advanceProcessingTime(h.currentProcessingTime() + 1); // the job's first round
        assertThat(h.emittedStrings()).containsExactly("+I[0, null]");
        h.change(Change.insert(Row.of("x", 4L)));
        h.change(Change.delete(Row.of("x", 4L)));
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[0, null]", "-U[0, null]", "+U[1, 4]", "-U[1, 4]", "+U[0, null]");
        h.snapshotAndRestore();
        h.advanceProcessingTime(h.currentProcessingTime() + 1);
        assertThat(h.emittedStrings()).hasSize(5); // restored: the group exists already
    }

    @Test
    void theGrandTotalOfRollupOverNoRowsHasItsEmptyResultAndReturnsToItWhenEmptied() {
        // GROUP BY ROLLUP(key): the sets (key) and (); the oracle found the () row missing.
        OperatorHarness h =
                new OperatorHarness(
                        () ->
                                new GroupAggregateOperator(
                                        List.of(0),
                                        List.of(List.of(0), List.of()),
                                        COUNT_AND_MAX,
                                        true));
        h.advanceProcessingTime(h.currentProcessingTime() + 1); // the job's first round
        assertThat(h.emittedStrings()).containsExactly("+I[null, 0, null]");
        h.change(Change.insert(Row.of("a", 4L)));
        h.change(Change.delete(Row.of("a", 4L)));
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[null, 0, null]",
                        "+I[a, 1, 4]",
                        "-U[null, 0, null]",
                        "+U[null, 1, 4]",
                        "-D[a, 1, 4]",
                        "-U[null, 1, 4]",
                        "+U[null, 0, null]");
        h.snapshotAndRestore();
        h.advanceProcessingTime(h.currentProcessingTime() + 1);
        assertThat(h.emittedStrings()).hasSize(7); // restored: the grand total exists already
    }

    @Test
    void aGlobalAggregateWhoseFirstRoundHasRowsEmitsNoEmptyResult() {
        OperatorHarness h =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(), COUNT_AND_MAX));
        h.change(Change.insert(Row.of("x", 4L)));
        h.advanceProcessingTime(h.currentProcessingTime() + 1);
        assertThat(h.emittedStrings()).containsExactly("+I[1, 4]");
    }

    @Test
    void aRetractionOfAGroupThatDoesNotExistIsIgnored() {
        OperatorHarness h =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(0), COUNT_AND_MAX));
        h.change(Change.delete(Row.of("ghost", 1L)));
        assertThat(h.emittedStrings()).isEmpty();
        assertThat(h.stateEntries("acc", RowCodec.INSTANCE)).isZero();
    }

    @Test
    void continuesAcrossASnapshotAndRestore() {
        OperatorHarness h =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(0), COUNT_AND_MAX));
        h.change(Change.insert(Row.of("a", 5L)));
        h.change(Change.insert(Row.of("a", 9L)));
        h.snapshotAndRestore();
        h.change(Change.delete(Row.of("a", 9L)));
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 2, 9]", "-U[a, 2, 9]", "+U[a, 1, 5]");
    }
}
