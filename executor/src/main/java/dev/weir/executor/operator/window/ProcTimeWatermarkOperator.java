package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.Watermarks;
import dev.weir.plan.ProcTimeWatermark;
import java.util.TimeZone;

/**
 * The processing clock as the watermark ({@link ProcTimeWatermark}): rows pass through; every tick
 * the watermark becomes the clock's reading, as the processing-time attribute reads it (the wall
 * clock in {@code zone}, like LOCALTIMESTAMP), minus one millisecond. The input's watermarks are
 * dropped, except its end.
 */
public final class ProcTimeWatermarkOperator implements Operator {
    private final long tickMillis;
    private final TimeZone zone;
    private final boolean clockAdvances;
    private OperatorContext context;
    private long emitted = Watermarks.NONE;
    private boolean ended;

    /**
     * @param zone the time zone of the processing-time attribute's values
     * @param clockAdvances false in a snapshot query, whose rows all read the time it started: its
     *     watermark stays put until the input ends, or every row read after the first tick would be
     *     late
     */
    public ProcTimeWatermarkOperator(long tickMillis, TimeZone zone, boolean clockAdvances) {
        this.tickMillis = tickMillis;
        this.zone = zone;
        this.clockAdvances = clockAdvances;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        if (clockAdvances) {
            // Processing-time timers live in the runtime, not in state: a restored job asks again.
            context.registerProcessingTimer(context.currentProcessingTime() + tickMillis);
        }
    }

    @Override
    public void processChange(int input, Change change) {
        context.output().emit(change);
    }

    /** Only the input's end is passed on: its event time says nothing of the processing clock. */
    @Override
    public void processWatermark(long watermark) {
        if (watermark == Watermarks.END && !ended) {
            ended = true;
            advanceTo(Watermarks.END);
        }
    }

    @Override
    public void onProcessingTime(long now) {
        if (ended) {
            return;
        }
        // A row read from now on gets a processing time at or after this reading: not late.
        advanceTo(now + zone.getOffset(now) - 1);
        context.registerProcessingTimer(now + tickMillis);
    }

    /** Never back: a clock that goes back would otherwise undo completed windows. */
    private void advanceTo(long watermark) {
        if (watermark > emitted) {
            emitted = watermark;
            context.output().emitWatermark(watermark); // the runtime records it in the metrics
        }
    }
}
