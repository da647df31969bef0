package dev.weir.executor.operator;

/**
 * An operator whose state is partitioned by a key of its input rows (the plan node's group, join or
 * session keys), so that a runtime can run it partitioned by that key (the Flink runner, on Flink
 * keyed state). Every state entry is written while processing a row of its key, and every scan of
 * {@link #processChange} stays within the row's key.
 *
 * <p>Its watermark work is split in two for such a runtime. {@link #processWatermark} does it all
 * at once, as the local runtime calls it: remember the watermark, do what is due for every key (one
 * scan of the time-ordered state), pass the watermark on. A partitioned runtime instead calls
 * {@link #advanceWatermark} (operator-wide bookkeeping only), then {@link #onEventTime} for each
 * key that registered a timer ({@link OperatorContext#registerEventTimer}) now due, with that key's
 * state in scope; it passes the watermark on itself ({@link #outputWatermark}). An operator of two
 * inputs that decides lateness by each input's own watermark learns them from {@link
 * #processInputWatermark} under either runtime.
 */
public interface KeyedOperator extends Operator {
    /**
     * The watermark has advanced to {@code watermark}: what decides lateness from now on. No
     * per-key work, no output.
     */
    void advanceWatermark(long watermark);

    /**
     * For the key whose state is in scope: does what is due at or before {@code time} (fires
     * windows, removes what is complete). Called after {@link #advanceWatermark} to a watermark at
     * or past {@code time}; emits changes, never a watermark.
     */
    void onEventTime(long time);

    /**
     * The watermark a partitioned runtime passes on once the operator's watermark is {@code
     * watermark} and its due work is done: the same, unless the operator holds it back (an interval
     * join, whose pairs may be older than the inputs' watermark); {@link Watermarks#NONE} when
     * there is nothing to pass on yet. {@link #processWatermark} passes on the same.
     */
    default long outputWatermark(long watermark) {
        return watermark;
    }
}
