package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Window and session aggregates step by step: firing, lateness, dropping, cleanup. Input rows are
 * (key, time, value); output rows are (key, window_start, window_end, SUM(value)).
 */
class WindowAggregateOperatorTest {
    private static final List<AggregateCallSpec> SUM =
            List.of(
                    new AggregateCallSpec(
                            AggregateKind.SUM,
                            2,
                            false,
                            -1,
                            ValueType.BIGINT,
                            ValueType.BIGINT,
                            -1));

    private static OperatorHarness tumble(boolean afterWatermark, long lateness) {
        return new OperatorHarness(
                () ->
                        new WindowAggregateOperator(
                                List.of(0),
                                1,
                                WindowAssigners.tumble(10, 0),
                                SUM,
                                afterWatermark,
                                lateness));
    }

    private static OperatorHarness session(boolean afterWatermark, long lateness) {
        return new OperatorHarness(
                () ->
                        new SessionWindowAggregateOperator(
                                List.of(0), 1, 10, SUM, afterWatermark, lateness));
    }

    private static void assertWindowStateEmpty(OperatorHarness h, String windows) {
        assertThat(h.stateEntries(windows, RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("timers", RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("values", LongCodec.INSTANCE)).isZero();
    }

    @Test
    void afterWatermarkFiresWhenTheWatermarkReachesTheEnd() {
        OperatorHarness h = tumble(true, 0);
        h.insert("k", 3L, 1L);
        h.insert("k", 9L, 2L);
        h.watermark(9);
        assertThat(h.emittedStrings()).isEmpty();
        h.watermark(10); // >= window_end: [0, 10) is complete
        assertThat(h.emittedStrings()).containsExactly("+I[k, 0, 10, 3]");
        assertThat(h.emittedWatermarks()).containsExactly(9L, 10L);
        h.insert("k", 9L, 5L); // late: dropped and counted, the result stands
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertThat(h.emittedStrings()).containsExactly("+I[k, 0, 10, 3]");
        assertWindowStateEmpty(h, "windows");
    }

    @Test
    void aRowWithinTheAllowedLatenessUpdatesTheFinalResult() {
        OperatorHarness h = tumble(true, 5);
        h.insert("k", 3L, 1L);
        h.watermark(12);
        h.insert("k", 4L, 2L); // the watermark passed 10 but not 10 + 5
        h.insert("k", 5L, 0L); // the same sum: nothing to realize
        h.insert("j", 6L, 7L); // a window first seen within the lateness is final at once
        h.watermark(14);
        assertThat(h.stateEntries("windows", RowCodec.INSTANCE)).isEqualTo(2);
        h.watermark(15); // 10 + 5: the windows are gone
        h.insert("k", 6L, 9L);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 10, 1]", "-U[k, 0, 10, 1]", "+U[k, 0, 10, 3]", "+I[j, 0, 10, 7]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertWindowStateEmpty(h, "windows");
    }

    @Test
    void everyChangeModeAndNullTimes() {
        OperatorHarness h = tumble(false, 0);
        h.insert("k", 1L, 1L);
        h.insert("k", null, 100L);
        h.insert("k", 2L, null); // SUM ignores NULL: the result stands
        h.insert("k", -1L, 4L);
        h.insert("k", 2L, 3L);
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 10, 1]",
                        "+I[k, -10, 0, 4]",
                        "-U[k, 0, 10, 1]",
                        "+U[k, 0, 10, 4]");
        assertThat(h.metrics().nullTimeRowsDropped()).isEqualTo(1);
        assertThat(h.metrics().rowsIn()).isEqualTo(5);
        assertThat(h.metrics().rowsOut()).isEqualTo(4);
        assertThat(h.metrics().watermark()).isEqualTo(Watermarks.END);
        assertWindowStateEmpty(h, "windows");
    }

    /**
     * Attached windows: input rows are (window_start, window_end, key, value), each row's window
     * its own; output (key, window_start, window_end, SUM(value)).
     */
    private static OperatorHarness attached(boolean afterWatermark) {
        List<AggregateCallSpec> sumOfField3 =
                List.of(
                        new AggregateCallSpec(
                                AggregateKind.SUM,
                                3,
                                false,
                                -1,
                                ValueType.BIGINT,
                                ValueType.BIGINT,
                                -1));
        return new OperatorHarness(
                () ->
                        WindowAggregateOperator.attached(
                                List.of(2), 0, sumOfField3, afterWatermark, 0));
    }

    @Test
    void attachedWindowsAreTheRowsOwnAndFireAtTheirEnd() {
        OperatorHarness h = attached(true);
        h.insert(0L, 10L, "k", 1L);
        h.insert(5L, 15L, "k", 2L); // a hopping window: overlaps [0, 10), its own
        h.insert(0L, 10L, "k", 4L);
        h.insert(0L, 10L, null, 8L); // a NULL key is a group
        h.insert(0L, 20L, "k", 16L); // same start, other end (CUMULATE): another window
        h.watermark(9);
        assertThat(h.emittedStrings()).isEmpty();
        h.watermark(10);
        assertThat(h.emittedStrings())
                .containsExactlyInAnyOrder("+I[k, 0, 10, 5]", "+I[null, 0, 10, 8]");
        h.insert(0L, 10L, "k", 32L); // its window is complete: late, dropped, counted
        h.insert(null, 10L, "k", 64L); // no window: dropped as a row without a time
        h.insert(10L, null, "k", 64L);
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactlyInAnyOrder(
                        "+I[k, 0, 10, 5]",
                        "+I[null, 0, 10, 8]",
                        "+I[k, 5, 15, 2]",
                        "+I[k, 0, 20, 16]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertThat(h.metrics().nullTimeRowsDropped()).isEqualTo(2);
        assertWindowStateEmpty(h, "windows");
    }

    @Test
    void attachedWindowsUpdateOnEveryRowWithoutAfterWatermark() {
        OperatorHarness h = attached(false);
        h.insert(0L, 10L, "k", 1L);
        h.insert(0L, 10L, "k", 2L);
        h.watermark(10);
        h.insert(0L, 10L, "k", 4L); // late
        assertThat(h.emittedStrings())
                .containsExactly("+I[k, 0, 10, 1]", "-U[k, 0, 10, 1]", "+U[k, 0, 10, 3]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertWindowStateEmpty(h, "windows");
    }

    @Test
    void aRowInNoHoppingWindowIsNotCountedLate() {
        OperatorHarness h =
                new OperatorHarness(
                        () ->
                                new WindowAggregateOperator(
                                        List.of(0),
                                        1,
                                        WindowAssigners.hop(10, 5, 0),
                                        SUM,
                                        false,
                                        0));
        h.insert("k", 7L, 1L); // [0, 5) and [10, 15) leave 7 out
        h.watermark(100);
        h.insert("k", 3L, 1L); // in [0, 5), long gone
        assertThat(h.emittedStrings()).isEmpty();
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
    }

    @Test
    void sessionsMergeWhenTheirEventsAreAtMostOneGapApart() {
        OperatorHarness h = session(false, 0);
        h.insert("k", 0L, 1L); // [0, 10)
        h.insert("k", 20L, 2L); // [20, 30)
        h.insert("k", 10L, 4L); // touches both: one session [0, 30)
        h.insert("j", 10L, 8L);
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 10, 1]",
                        "+I[k, 20, 30, 2]",
                        "-D[k, 0, 10, 1]",
                        "-D[k, 20, 30, 2]",
                        "+I[k, 0, 30, 7]",
                        "+I[j, 10, 20, 8]");
        assertWindowStateEmpty(h, "sessions");
    }

    @Test
    void aGrowingSessionKeepsOnlyItsOwnTimers() {
        OperatorHarness h = session(true, 5);
        h.insert("k", 1L, 1L); // [1, 11)
        h.insert("k", 5L, 2L); // [1, 15): the timers of [1, 11) go
        h.insert("k", 3L, 4L); // inside [1, 15): the same session, the same timers
        h.insert("k", 30L, 8L); // [30, 40)
        // A firing and a cleanup timer per session.
        assertThat(h.stateEntries("timers", RowCodec.INSTANCE)).isEqualTo(4);
        h.watermark(15);
        assertThat(h.emittedStrings()).containsExactly("+I[k, 1, 15, 7]");
        assertThat(h.stateEntries("timers", RowCodec.INSTANCE)).isEqualTo(3);
        h.insert("k", 4L, 16L); // within the lateness: the final result is updated
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 1, 15, 7]",
                        "-U[k, 1, 15, 7]",
                        "+U[k, 1, 15, 23]",
                        "+I[k, 30, 40, 8]");
        assertWindowStateEmpty(h, "sessions");
    }

    @Test
    void anOldRowJoiningAnOpenSessionIsNotLate() {
        OperatorHarness h = session(true, 0);
        h.insert("k", 0L, 1L);
        h.insert("k", 8L, 2L); // session [0, 18)
        h.watermark(15);
        h.insert("k", 3L, 4L); // alone [3, 13) would be late; it joins [0, 18), still open
        h.insert("k", 1L, 8L);
        assertThat(h.metrics().lateRowsDropped()).isZero();
        h.insert("j", 3L, 16L); // no open session to join: late
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        h.watermark(18);
        assertThat(h.emittedStrings()).containsExactly("+I[k, 0, 18, 15]");
        assertWindowStateEmpty(h, "sessions");
    }

    @Test
    void aFiredSessionThatGrowsIsRetractedAndTheNewOneFiresWhenComplete() {
        OperatorHarness h = session(true, 20);
        h.insert("k", 0L, 1L);
        h.watermark(10); // [0, 10) is complete
        h.insert("k", 5L, 2L); // grows it to [0, 15): its end changed, so it is a new window
        h.watermark(15);
        h.insert("k", 12L, 4L); // to [0, 22)
        h.watermark(22);
        h.insert("k", 12L, 8L); // the same session, already final: -U/+U
        h.watermark(42); // 22 + 20: gone
        h.insert("k", 12L, 100L); // late
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 10, 1]",
                        "-D[k, 0, 10, 1]",
                        "+I[k, 0, 15, 3]",
                        "-D[k, 0, 15, 3]",
                        "+I[k, 0, 22, 7]",
                        "-U[k, 0, 22, 7]",
                        "+U[k, 0, 22, 15]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertWindowStateEmpty(h, "sessions");
    }

    @Test
    void timersAndWindowsSurviveASnapshotAndRestore() {
        OperatorHarness h = tumble(true, 5);
        h.insert("k", 3L, 1L);
        h.insert("k", 13L, 2L);
        h.watermark(10);
        h.snapshotAndRestore();
        h.insert("k", 4L, 2L); // within lateness: the restored watermark says so
        h.watermark(16);
        h.insert("k", 5L, 2L); // late by the restored watermark
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 10, 1]",
                        "-U[k, 0, 10, 1]",
                        "+U[k, 0, 10, 3]",
                        "+I[k, 10, 20, 2]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertWindowStateEmpty(h, "windows");
    }
}
