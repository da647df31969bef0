package dev.weir.flink.source;

import dev.weir.common.row.Change;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Weir's watermark rule as a Flink watermark strategy: after each row, the largest event time seen
 * minus the declared delay (the local runner's {@code SourceRunner}). Flink runs one generator per
 * split (a file, a Kafka partition) and takes the minimum over a source's splits and over the
 * parallel instances downstream: the local runner's per-partition minimum. A bounded source ends
 * with Flink's maximal watermark, Weir's {@code END}.
 *
 * <p>With an idle timeout, a split without rows for that long (processing time) is marked idle and
 * left out of the minimum until its next row, as a Kafka partition is by the local runner.
 */
public final class WeirWatermarks implements WatermarkStrategy<Change> {
    private static final long serialVersionUID = 1L;

    private final int timeField;
    private final long delay;
    private final long idleTimeoutMillis;

    /**
     * @param timeField the event-time field, or -1 for a source without watermarks
     * @param idleTimeoutMillis 0 for none
     */
    public WeirWatermarks(int timeField, long delay, long idleTimeoutMillis) {
        this.timeField = timeField;
        this.delay = delay;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    public WatermarkGenerator<Change> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        return new Generator(timeField, delay, idleTimeoutMillis);
    }

    private static final class Generator implements WatermarkGenerator<Change> {
        private final int timeField;
        private final long delay;
        private final long idleTimeoutNanos;
        private long maxTime = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;
        private long lastRowAt = System.nanoTime();
        private boolean idle;

        Generator(int timeField, long delay, long idleTimeoutMillis) {
            this.timeField = timeField;
            this.delay = delay;
            this.idleTimeoutNanos = idleTimeoutMillis * 1_000_000;
        }

        @Override
        public void onEvent(Change change, long eventTimestamp, WatermarkOutput output) {
            if (idleTimeoutNanos > 0) {
                lastRowAt = System.nanoTime();
                if (idle) {
                    idle = false;
                    output.markActive();
                }
            }
            if (timeField >= 0
                    && change.kind().isAccumulate()
                    && change.row().get(timeField) instanceof Long time
                    && time > maxTime) {
                maxTime = time;
                long next = maxTime - delay;
                if (next > emitted) {
                    emitted = next;
                    output.emitWatermark(new Watermark(next));
                }
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (idleTimeoutNanos > 0
                    && !idle
                    && System.nanoTime() - lastRowAt >= idleTimeoutNanos) {
                idle = true;
                output.markIdle();
            }
        }
    }
}
