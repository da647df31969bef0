package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.operator.Watermarks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PartitionedSourceRunnerTest {
    /** Batches of (partition, event time) rows, handed out one per poll. */
    private static final class ScriptedSource implements SourceReader, PartitionedSource {
        private final int[] partitions;
        private final long idleTimeout;
        private final Deque<long[][]> batches = new ArrayDeque<>();
        private int[] lastPartitions = new int[0];

        ScriptedSource(int[] partitions, long idleTimeout) {
            this.partitions = partitions;
            this.idleTimeout = idleTimeout;
        }

        ScriptedSource then(long[]... rows) {
            batches.add(rows);
            return this;
        }

        @Override
        public List<Row> poll(int max) {
            long[][] batch = batches.isEmpty() ? new long[0][] : batches.poll();
            List<Row> rows = new ArrayList<>();
            lastPartitions = new int[batch.length];
            for (long[] r : batch) {
                lastPartitions[rows.size()] = (int) r[0];
                rows.add(Row.of(r[1]));
            }
            return rows;
        }

        @Override
        public int[] partitions() {
            return partitions;
        }

        @Override
        public int partitionOf(int index) {
            return lastPartitions[index];
        }

        @Override
        public long idleTimeoutMillis() {
            return idleTimeout;
        }

        @Override
        public void open(SourcePosition position) {}

        @Override
        public SourcePosition position() {
            return SourcePosition.of(batches.size());
        }

        @Override
        public boolean isEnded() {
            return false;
        }

        @Override
        public long malformedCount() {
            return 0;
        }

        @Override
        public void close() {}
    }

    private static long[] row(int partition, long time) {
        return new long[] {partition, time};
    }

    @Test
    void theWatermarkIsTheMinimumOverPartitionsAndASilentOneHoldsItBack() {
        ScriptedSource source =
                new ScriptedSource(new int[] {0, 1, 2}, 0)
                        .then(row(0, 100), row(1, 50))
                        .then(row(0, 300))
                        .then(row(2, 70))
                        .then(row(1, 400), row(2, 500))
                        .then(row(1, 10)); // out of order within its partition: no step back
        SourceRunner runner = new SourceRunner("s", source, 0, 5, () -> 0);
        List<Long> watermarks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runner.pump(100);
            watermarks.add(runner.metrics().watermark());
        }
        assertThat(watermarks).containsExactly(Watermarks.NONE, Watermarks.NONE, 45L, 295L, 295L);
    }

    @Test
    void aRestoredRunnerKeepsEachPartitionsMaximum() {
        ScriptedSource first =
                new ScriptedSource(new int[] {0, 1}, 0).then(row(0, 100), row(1, 200));
        SourceRunner runner = new SourceRunner("s", first, 0, 0, () -> 0);
        runner.pump(100);
        SourceCheckpoint checkpoint = runner.checkpoint();
        assertThat(checkpoint.partitionMaxEventTimes()).isEqualTo(Map.of(0, 100L, 1, 200L));
        assertThat(checkpoint.watermark()).isEqualTo(100);

        // Partition 1 stood at 200 before the restore: partition 0 reaching 150 moves the
        // watermark to 150, not to a minimum with a forgotten (silent) partition 1.
        ScriptedSource second = new ScriptedSource(new int[] {0, 1}, 0).then(row(0, 150));
        SourceRunner restored = new SourceRunner("s", second, 0, 0, () -> 0);
        restored.restore(checkpoint);
        restored.pump(100);
        assertThat(restored.metrics().watermark()).isEqualTo(150);
    }

    @Test
    void anIdlePartitionIsLeftOutAfterTheTimeoutUntilItsNextRow() {
        AtomicLong now = new AtomicLong(1_000);
        ScriptedSource source =
                new ScriptedSource(new int[] {0, 1}, 100)
                        .then(row(0, 10), row(1, 5))
                        .then(row(0, 50))
                        .then()
                        .then(row(0, 80))
                        .then(row(1, 60), row(0, 90));
        SourceRunner runner = new SourceRunner("s", source, 0, 0, now::get);
        runner.pump(100);
        assertThat(runner.metrics().watermark()).isEqualTo(5);
        now.set(1_050);
        runner.pump(100);
        assertThat(runner.metrics().watermark()).isEqualTo(5); // partition 1 not idle yet
        now.set(1_100);
        runner.pump(100); // nothing read, but partition 1 has now been silent for 100 ms
        assertThat(runner.metrics().watermark()).isEqualTo(50);
        runner.pump(100);
        assertThat(runner.metrics().watermark()).isEqualTo(80);
        runner.pump(100); // partition 1 is back, behind: the watermark holds at 80
        assertThat(runner.metrics().watermark()).isEqualTo(80);
        now.set(1_300);
        runner.pump(100); // both silent: neither holds back, the largest time seen counts
        assertThat(runner.metrics().watermark()).isEqualTo(90);
    }
}
