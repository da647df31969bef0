package dev.weir.executor.connector;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.List;
import java.util.Optional;

/**
 * Reads the rows of one source split, in the source's order, deterministically: opened at the same
 * position, a reader returns the same rows in the same order. Called from one thread.
 *
 * <p>Lifecycle: {@link #open} (optional: polling first opens at {@link SourcePosition#START}), then
 * {@link #poll} until {@link #isEnded()}, then {@link #close()}. A tailing source never ends; its
 * poll returns an empty batch while nothing new is available.
 */
public interface SourceReader extends SourceFunction {
    /** Starts reading just after the rows that {@code position} was reported after. */
    void open(SourcePosition position);

    /**
     * Up to {@code maxRows} rows; an empty list when none is available yet (a tailing or paced
     * source) or the source has ended.
     */
    @Override
    List<Row> poll(int maxRows);

    /** The position after the last row returned: checkpoint it to replay from there exactly. */
    SourcePosition position();

    /**
     * Whether this reader can read one of its past polls again exactly ({@link #pollUntil}): what a
     * job needs to replay its rounds after a restart in the order it first read them.
     */
    default boolean replaysPolls() {
        return false;
    }

    /**
     * Reads again what one past poll returned: the rows from the current position up to {@code
     * end}, a position this reader reported after that poll, in the order that poll returned them,
     * however many. Waits for them if they are not there yet (a broker still fetching).
     *
     * @throws UnsupportedOperationException unless {@link #replaysPolls()}
     */
    default List<Row> pollUntil(SourcePosition end) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot read a past poll again");
    }

    /**
     * A checkpoint holding {@code position} is durable; a source that can acknowledge progress
     * upstream does so now (a Kafka source commits its consumer group's offsets). Called on the
     * job's thread; a failure to acknowledge is the source's to report, never the job's.
     */
    default void checkpointCompleted(SourcePosition position) {}

    /** Whether every row has been read and none will come (bounded sources only). */
    @Override
    boolean isEnded();

    /** Records that could not be decoded and were skipped, since this reader was created. */
    @Override
    long malformedCount();

    /** The last skipped record's problem, with where it was (a line number). */
    default Optional<String> lastError() {
        return Optional.empty();
    }

    @Override
    void close();
}
