package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of DIALECT.md on the operator alone, times in minutes after 8:00. */
class PaperExampleOperatorTest {
    private static final long MINUTE = 60_000;
    private static final List<AggregateCallSpec> SUM =
            List.of(
                    new AggregateCallSpec(
                            AggregateKind.SUM,
                            1,
                            false,
                            -1,
                            ValueType.BIGINT,
                            ValueType.BIGINT,
                            -1));
    private static final long[][] BIDS = {{7, 2}, {11, 3}, {5, 4}, {9, 5}, {13, 1}, {17, 6}};

    private static OperatorHarness run(boolean afterWatermark, long watermarkDelayMinutes) {
        OperatorHarness harness = harness(afterWatermark);
        long max = Long.MIN_VALUE;
        for (long[] bid : BIDS) {
            harness.insert(bid[0] * MINUTE, bid[1]);
            if (bid[0] > max) {
                max = bid[0];
                harness.watermark((max - watermarkDelayMinutes) * MINUTE);
            }
        }
        return harness;
    }

    @Test
    void everyChange() {
        assertThat(run(false, 6).emittedStrings())
                .containsExactly(
                        "+I[0, 600000, 2]",
                        "+I[600000, 1200000, 3]",
                        "-U[0, 600000, 2]",
                        "+U[0, 600000, 6]",
                        "-U[0, 600000, 6]",
                        "+U[0, 600000, 11]",
                        "-U[600000, 1200000, 3]",
                        "+U[600000, 1200000, 4]",
                        "-U[600000, 1200000, 4]",
                        "+U[600000, 1200000, 10]");
    }

    @Test
    void afterWatermarkEachWindowOnceWhenComplete() {
        OperatorHarness harness = run(true, 6);
        assertThat(harness.emittedStrings()).containsExactly("+I[0, 600000, 11]");
        harness.watermark(20 * MINUTE);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[0, 600000, 11]", "+I[600000, 1200000, 10]");
    }

    @Test
    void aTighterWatermarkMakesRowsLateAndCountsThem() {
        OperatorHarness harness = run(true, 0);
        harness.watermark(Watermarks.END);
        // The watermark reached 8:11 with the second row, so 8:05 and 8:09 came too late.
        assertThat(harness.emittedStrings())
                .containsExactly("+I[0, 600000, 2]", "+I[600000, 1200000, 10]");
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(2);
    }

    /**
     * Driven as the runtime drives it: a watermark after each row, the largest time so far minus
     * the bound. With a bound of 2 minutes every row is on time (the smallest bound for which the
     * example's 11 is right); the first window fires exactly when 8:13 lifts the watermark to 8:11,
     * the second exactly at 8:20.
     */
    @Test
    void afterWatermarkFiresExactlyWhenTheWatermarkPassesEachEnd() {
        OperatorHarness harness = harness(true);
        long max = Long.MIN_VALUE;
        List<List<String>> afterEachRow = new java.util.ArrayList<>();
        for (long[] bid : BIDS) {
            harness.insert(bid[0] * MINUTE, bid[1]);
            if (bid[0] > max) { // the runtime passes on only a watermark that advances
                max = bid[0];
                harness.watermark((max - 2) * MINUTE);
            }
            afterEachRow.add(List.copyOf(harness.emittedStrings()));
        }
        List<String> first = List.of("+I[0, 600000, 11]");
        assertThat(afterEachRow)
                .containsExactly(List.of(), List.of(), List.of(), List.of(), first, first);
        harness.watermark(20 * MINUTE - 1);
        assertThat(harness.emittedStrings()).isEqualTo(first);
        harness.watermark(20 * MINUTE);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[0, 600000, 11]", "+I[600000, 1200000, 10]");
        assertThat(harness.metrics().lateRowsDropped()).isZero();
    }

    /** With a bound of 0, 8:11 completes 8:00-8:10 at once: 8:05 and 8:09 are late. */
    @Test
    void afterWatermarkWithAStrictlyAscendingWatermark() {
        OperatorHarness harness = harness(true);
        long max = Long.MIN_VALUE;
        List<Integer> outputsAfterEachRow = new java.util.ArrayList<>();
        for (long[] bid : BIDS) {
            harness.insert(bid[0] * MINUTE, bid[1]);
            if (bid[0] > max) { // the runtime passes on only a watermark that advances
                max = bid[0];
                harness.watermark(max * MINUTE);
            }
            outputsAfterEachRow.add(harness.emittedStrings().size());
        }
        assertThat(outputsAfterEachRow).containsExactly(0, 1, 1, 1, 1, 1);
        assertThat(harness.emittedStrings()).containsExactly("+I[0, 600000, 2]");
        harness.watermark(Watermarks.END);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[0, 600000, 2]", "+I[600000, 1200000, 10]");
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(2);
    }

    private static OperatorHarness harness(boolean afterWatermark) {
        return new OperatorHarness(
                () ->
                        new WindowAggregateOperator(
                                List.of(),
                                0,
                                WindowAssigners.tumble(10 * MINUTE, 0),
                                SUM,
                                afterWatermark,
                                0));
    }
}
