package dev.weir.executor.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.TemporalJoinNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows are (key, value, time): left rows take the version of their key valid at their time. */
class TemporalJoinOperatorTest {
    private static OperatorHarness harness(JoinKind kind) {
        return harness(kind, false);
    }

    private static OperatorHarness harness(JoinKind kind, boolean lastRowPerTime) {
        TemporalJoinNode node =
                new TemporalJoinNode(
                        2,
                        0,
                        1,
                        List.of(),
                        kind,
                        List.of(0),
                        List.of(0),
                        List.of(false),
                        2,
                        2,
                        "",
                        "",
                        lastRowPerTime);
        return new OperatorHarness(() -> new TemporalJoinOperator(node, 3, 3, null));
    }

    private static Change row(String key, int value, long time) {
        return Change.insert(Row.of(key, value, time));
    }

    private static void watermark(OperatorHarness h, long watermark) {
        h.inputWatermark(0, watermark);
        h.inputWatermark(1, watermark);
    }

    /**
     * A left row waits for the watermark, then joins the latest version at or below its time; the
     * versions the watermark has superseded are removed, and the state survives a restore.
     */
    @Test
    void leftRowsTakeTheirVersionWhenTheWatermarkReachesThemAndOldVersionsGo() {
        OperatorHarness h = harness(JoinKind.INNER);
        h.change(1, row("a", 1, 10L));
        h.change(1, row("a", 2, 20L));
        h.change(1, row("a", 3, 30L));
        h.change(1, row("b", 4, 5L));
        h.change(0, row("a", 100, 25L));
        h.change(0, row("a", 101, 15L));
        h.change(0, row("b", 102, 40L));
        assertThat(h.emitted()).isEmpty();
        watermark(h, 24);
        assertThat(h.emittedStrings()).containsExactly("+I[a, 101, 15, a, 1, 10]");
        // a@10 is superseded by a@20, which the watermark reached: no later left row needs it.
        assertThat(h.stateEntries("right", RowCodec.INSTANCE)).isEqualTo(3);
        assertThat(h.stateEntries("left", RowCodec.INSTANCE)).isEqualTo(2);
        h.snapshotAndRestore();
        watermark(h, 40);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[a, 101, 15, a, 1, 10]",
                        "+I[a, 100, 25, a, 2, 20]",
                        "+I[b, 102, 40, b, 4, 5]");
        assertThat(h.stateEntries("right", RowCodec.INSTANCE)).isEqualTo(2);
        assertThat(h.stateEntries("left", RowCodec.INSTANCE)).isZero();
        assertThat(h.emittedWatermarks()).endsWith(40L);
    }

    /**
     * A row at or below its own input's watermark is late: a late version is never used, a late
     * left row neither joined nor padded. A LEFT join pads a row without a version or key.
     */
    @Test
    void lateRowsAreDroppedAndRowsWithoutVersionPadded() {
        OperatorHarness h = harness(JoinKind.LEFT);
        h.inputWatermark(1, 10);
        h.change(1, row("c", 1, 10L));
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        h.change(1, row("c", 2, 14L));
        h.change(0, row("c", 100, 12L));
        h.change(0, row(null, 101, 13L));
        h.change(0, row("c", 102, 14L));
        watermark(h, 20);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[c, 100, 12, null, null, null]",
                        "+I[null, 101, 13, null, null, null]",
                        "+I[c, 102, 14, c, 2, 14]");
        h.change(0, row("c", 103, 15L));
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(2);
        watermark(h, 30);
        assertThat(h.emitted()).hasSize(3);
    }

    /**
     * Rows of one key with the same time are one version together; under {@code lastRowPerTime} (a
     * versioned view's last-row deduplication) the later arrival replaces the earlier, also after a
     * restore, and an out-of-order version at another time changes nothing of it.
     */
    @Test
    void tiesOnTimeAreOneVersionOrTheLastRowOfIt() {
        OperatorHarness all = harness(JoinKind.INNER, false);
        OperatorHarness last = harness(JoinKind.INNER, true);
        for (OperatorHarness h : List.of(all, last)) {
            h.change(1, row("a", 1, 10L));
            h.change(1, row("a", 2, 10L));
            h.snapshotAndRestore();
            h.change(1, row("a", 3, 10L));
            h.change(1, row("a", 4, 8L));
            h.change(1, row("b", 5, 10L));
            h.change(0, row("a", 100, 12L));
            h.change(0, row("b", 101, 12L));
            watermark(h, 20);
        }
        assertThat(all.emittedStrings())
                .containsExactlyInAnyOrder(
                        "+I[a, 100, 12, a, 1, 10]",
                        "+I[a, 100, 12, a, 2, 10]",
                        "+I[a, 100, 12, a, 3, 10]",
                        "+I[b, 101, 12, b, 5, 10]");
        assertThat(last.emittedStrings())
                .containsExactly("+I[a, 100, 12, a, 3, 10]", "+I[b, 101, 12, b, 5, 10]");
        assertThat(last.stateEntries("right", RowCodec.INSTANCE)).isEqualTo(2);
    }
}
