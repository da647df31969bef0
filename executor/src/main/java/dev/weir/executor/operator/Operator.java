package dev.weir.executor.operator;

import dev.weir.common.row.Change;

/**
 * An incremental operator: consumes changes and watermarks, produces changes and watermarks.
 *
 * <p>One thread drives an operator at a time; calls never overlap. Lifecycle: {@link #open} once,
 * then any number of {@link #processChange}, {@link #processWatermark} and {@link
 * #onProcessingTime} calls, then {@link #close}. State lives in the context's state backend, so an
 * operator's own fields hold only what can be rebuilt from it.
 */
public interface Operator extends AutoCloseable {
    void open(OperatorContext context);

    /**
     * One change from input {@code input} (0 for single-input operators).
     *
     * @param input which input the change comes from, 0-based
     */
    void processChange(int input, Change change);

    /**
     * The watermark has advanced to {@code watermark}: no row with an event time at or below it is
     * expected any more (those that still come are late). For operators with several inputs, the
     * runtime passes the minimum over the inputs. {@link Watermarks#END} means every input has
     * ended.
     */
    void processWatermark(long watermark);

    /**
     * The watermark of input {@code input} alone has advanced to {@code watermark}, before the
     * minimum over the inputs is passed to {@link #processWatermark}. For an operator that decides
     * lateness by each input's own watermark (an interval join: a row is late by its own stream's
     * watermark, whatever the other input's), so that the same input rows in the same order drop
     * the same rows however the two inputs interleave. No output.
     */
    default void processInputWatermark(int input, long watermark) {}

    /** A processing-time timer registered through the context has come due. */
    default void onProcessingTime(long now) {}

    @Override
    default void close() {}
}
