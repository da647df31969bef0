package dev.weir.executor.operator;

/**
 * A keyed operator whose output waits for the watermark (windows, sessions, OVER frames, window
 * Top-N). It splits the watermark's work the one way {@link KeyedOperator} describes, so that the
 * local runtime's single call and a partitioned runtime's two calls do the same work; subclasses
 * say only what comes due. The rest is here: the watermark kept in state (it decides lateness, and
 * a restored operator must go on from it), its metric, the state size at the end of the input, and
 * passing the watermark on.
 */
public abstract class EventTimeOperator implements KeyedOperator {
    private OperatorContext context;
    private WatermarkState watermark;

    /** Called from {@link #open}: the operator's context and where it keeps its watermark. */
    protected final void openEventTime(OperatorContext context, WatermarkState watermark) {
        this.context = context;
        this.watermark = watermark;
    }

    /** The last watermark, restored from state after a restart. */
    protected final long currentWatermark() {
        return watermark.get();
    }

    @Override
    public final void processWatermark(long next) {
        advanceWatermark(next);
        fireDue(next);
        if (next == Watermarks.END) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
        context.output().emitWatermark(next);
    }

    @Override
    public final void advanceWatermark(long next) {
        watermark.set(next);
        context.metrics().watermark(next);
    }

    @Override
    public final void onEventTime(long time) {
        fireDueOfKey(time);
    }

    /** Does, for every key, what the watermark {@code next} has made due. */
    protected abstract void fireDue(long next);

    /** Does, for the key whose state is in scope, what is due at or before {@code time}. */
    protected abstract void fireDueOfKey(long time);
}
