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

    /**
     * A checkpoint is being taken, on the job's thread, before the state is snapshotted: a sink
     * that publishes its output in a transaction makes what it wrote since the last checkpoint
     * ready to commit (still invisible) and keeps later output apart. Nothing is published until
     * {@link #checkpointCompleted}.
     */
    default void prepareCheckpoint(long checkpointId) {}

    /** The checkpoint prepared with this id is durable: publish what was prepared with it. */
    default void checkpointCompleted(long checkpointId) {}

    /**
     * The checkpoint prepared with this id was not written: what was prepared with it waits for the
     * next one.
     */
    default void checkpointAborted(long checkpointId) {}

    /** Every input ended and every result was delivered. */
    void finish();

    /** The job failed; nothing more will come. */
    void fail(Throwable error);

    /** The job's thread is ending (finished, failed or cancelled): release what the sink holds. */
    default void close() {}
}
