package dev.weir.executor.runtime;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import java.util.List;

/** Rows of one stream, as a job reads them. Called from the job's thread only. */
public interface SourceFunction extends AutoCloseable {
    /** Up to {@code max} rows; empty when none is available now (or the source has ended). */
    List<Row> poll(int max);

    /**
     * Whether this source is itself a changelog (a materialized view's changes: inserts,
     * retractions, updates), read with {@link #pollChanges} instead of {@link #poll}.
     */
    default boolean producesChanges() {
        return false;
    }

    /** Up to {@code max} changes, for a source that {@link #producesChanges()}. */
    default List<Change> pollChanges(int max) {
        throw new UnsupportedOperationException("a source of rows, not of changes");
    }

    /** Whether every row has been read and none will come. */
    boolean isEnded();

    /**
     * Whether reaching the end means the stream itself ended, so that its watermark becomes
     * +infinity and every window fires (a bounded file, a finite generator). False for a snapshot
     * of an unbounded stream ("as of now"): its windows stay as incomplete as they are.
     */
    default boolean endIsFinal() {
        return true;
    }

    /** Rows that could not be decoded and were skipped. */
    default long malformedCount() {
        return 0;
    }

    /**
     * Registers what to call, from any thread, when new data may be there to poll: the job then
     * polls at once instead of at its next idle round. Called once, before the first poll; a source
     * that cannot tell ignores it (its job still polls every few milliseconds).
     */
    default void onAvailable(Runnable listener) {}

    @Override
    default void close() {}
}
