package dev.weir.executor.runtime;

import dev.weir.executor.connector.SourcePosition;
import java.util.List;

/**
 * Hears where a job's sources stood after each round that read rows, so that the rounds can be
 * replayed after a restart exactly as they were first read ({@link Job#replayRounds}). A sink that
 * publishes its output outside any checkpoint (an append to an internal stream) keeps them durably
 * with what it published: its replay then reproduces the same rows in the same order.
 */
public interface RoundJournal {
    /**
     * A round read rows: each source's position after it, in the job's source order. Called on the
     * job's thread after the round's rows reached the sink, before {@link ResultSink#endOfBatch}.
     */
    void roundRead(List<SourcePosition> positions);
}
