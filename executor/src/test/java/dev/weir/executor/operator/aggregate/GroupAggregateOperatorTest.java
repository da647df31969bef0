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

    /** COUNT(*), MIN, MAX and SUM of the value: the soak's leak was MIN/MAX's value counts. */
    private static final List<AggregateCallSpec> FOUR =
            List.of(
                    COUNT_AND_MAX.get(0),
                    call(AggregateKind.MIN),
                    COUNT_AND_MAX.get(1),
                    call(AggregateKind.SUM));

    private static AggregateCallSpec call(AggregateKind kind) {
        return new AggregateCallSpec(kind, 1, false, -1, ValueType.BIGINT, ValueType.BIGINT, -1);
    }

    /**
     * The values of the insert-only test input: 3,000 distinct ones, spread over three groups in an
     * order that moves both extremes up and down (a multiplicative scramble of 0..2,999).
     */
    private static long valueAt(int i) {
        return (i * 1_777L) % 3_000 - 1_500;
    }

    /** The final row of {@code group} after the first {@code n} inserts, computed directly. */
    private static String expectedRow(String group, int n) {
        long count = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (group.equals("g" + i % 3)) {
                long v = valueAt(i);
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        return "[" + group + ", " + count + ", " + min + ", " + max + ", " + sum + "]";
    }

    /** The last row emitted for each of the groups g0, g1, g2. */
    private static List<String> lastRows(OperatorHarness h) {
        java.util.Map<String, String> last = new java.util.TreeMap<>();
        for (String change : h.emittedStrings()) {
            String row = change.substring(2);
            String group = row.substring(1, row.indexOf(','));
            if (change.startsWith("+")) {
                last.put(group, row);
            }
        }
        return List.copyOf(last.values());
    }

    @Test
    void overAnInsertOnlyInputMinAndMaxKeepNoValueCounts() {
        OperatorHarness h =
                new OperatorHarness(
                        () -> new GroupAggregateOperator(List.of(0), List.of(), FOUR, false));
        for (int i = 0; i < 3_000; i++) {
            h.insert("g" + i % 3, valueAt(i));
        }
        assertThat(lastRows(h))
                .containsExactly(
                        expectedRow("g0", 3_000),
                        expectedRow("g1", 3_000),
                        expectedRow("g2", 3_000));
        // One accumulator per group and nothing else: the state is bounded by the groups.
        assertThat(h.stateEntries("acc", RowCodec.INSTANCE)).isEqualTo(3);
        assertThat(h.stateEntries("values", LongCodec.INSTANCE)).isZero();
        h.close();
    }

    @Test
    void overARetractingInputMinAndMaxCountEveryValueToRecomputeAnExtreme() {
        OperatorHarness h =
                new OperatorHarness(
                        () -> new GroupAggregateOperator(List.of(0), List.of(), FOUR, true));
        for (int i = 0; i < 3_000; i++) {
            h.insert("g" + i % 3, valueAt(i));
        }
        // Two calls (MIN, MAX) count each of the 3,000 distinct values.
        assertThat(h.stateEntries("values", LongCodec.INSTANCE)).isEqualTo(6_000);
        // Retracting g0's maximum and minimum needs those counts to find the next ones (values
        // checked by a direct computation over the same inputs).
        h.change(Change.delete(Row.of("g0", 1_497L)));
        h.change(Change.delete(Row.of("g0", -1_500L)));
        List<String> emitted = h.emittedStrings();
        assertThat(emitted.subList(emitted.size() - 4, emitted.size()))
                .containsExactly(
                        "-U[g0, 1000, -1500, 1497, -1500]",
                        "+U[g0, 999, -1500, 1494, -2997]",
                        "-U[g0, 999, -1500, 1494, -2997]",
                        "+U[g0, 998, -1497, 1494, -1497]");
        h.close();
    }

    /**
     * A checkpoint written when the operator was always retractable (MIN/MAX value counts in its
     * state) restored by the planning of an insert-only input: the counts are never read over such
     * an input, so the results go on exactly, and the counts stop growing.
     */
    @Test
    void aCheckpointOfTheRetractableLayoutRestoresIntoTheInsertOnlyOne() {
        boolean[] retractable = {true};
        OperatorHarness h =
                new OperatorHarness(
                        () ->
                                new GroupAggregateOperator(
                                        List.of(0), List.of(), FOUR, retractable[0]));
        for (int i = 0; i < 1_500; i++) {
            h.insert("g" + i % 3, valueAt(i));
        }
        long countsBefore = h.stateEntries("values", LongCodec.INSTANCE);
        assertThat(countsBefore).isEqualTo(3_000);
        retractable[0] = false;
        h.snapshotAndRestore();
        for (int i = 1_500; i < 3_000; i++) {
            h.insert("g" + i % 3, valueAt(i));
        }
        assertThat(lastRows(h))
                .containsExactly(
                        expectedRow("g0", 3_000),
                        expectedRow("g1", 3_000),
                        expectedRow("g2", 3_000));
        assertThat(h.stateEntries("values", LongCodec.INSTANCE)).isEqualTo(countsBefore);
        h.close();
    }
}
