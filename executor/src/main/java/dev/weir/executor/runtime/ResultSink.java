package dev.weir.executor.runtime;

import dev.weir.common.row.Change;

/** Where a job's result goes: a client's queue, a materialized view, a stream. */
public interface ResultSink {
    void accept(Change change);

    default void watermark(long watermark) {}

    /** Every input ended and every result was delivered. */
    void finish();

    /** The job failed; nothing more will come. */
    void fail(Throwable error);
}
