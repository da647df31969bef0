package dev.weir.executor.runtime;

import dev.weir.common.row.Change;

/** Where a job's result goes: a client's queue, a materialized view, a stream. */
public interface ResultSink {
    void accept(Change change);

    default void watermark(long watermark) {}

    /**
     * The job finished a round (a batch from its sources and the timers due): the changes since the
     * last call belong together, e.g. a retraction and its replacement. Before any checkpoint.
     */
    default void endOfBatch() {}

    /** Every input ended and every result was delivered. */
    void finish();

    /** The job failed; nothing more will come. */
    void fail(Throwable error);
}
