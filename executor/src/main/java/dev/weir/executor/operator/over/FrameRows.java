package dev.weir.executor.operator.over;

import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The rows of one partition's bounded frame while a batch of its rows is computed, oldest first:
 * those kept in state from earlier batches (read through one iterator, which does not see this
 * batch's writes), then those this batch adds. Rows leave from the front, and from state with them.
 *
 * <p>State keys are {@code (partition..., time, arrival)}, so a partition's rows scan in frame
 * order. Must be closed (it holds an iterator).
 */
final class FrameRows implements AutoCloseable {
    private final KeyValueState<Row, Row> state;
    private final CloseableIterator<Map.Entry<Row, Row>> kept;
    private final Deque<Map.Entry<Row, Row>> added = new ArrayDeque<>();
    private final int timeAt;
    private Map.Entry<Row, Row> head;

    /**
     * @param partition the partition's key, which prefixes its rows' state keys
     */
    FrameRows(KeyValueState<Row, Row> state, Row partition) {
        this.state = state;
        this.kept = state.prefix(partition);
        this.timeAt = partition.arity();
    }

    /** Adds the current row at the end of the frame. */
    void add(Row partition, long time, long arrival, Row row) {
        Row key = partition.append(time, arrival);
        state.put(key, row);
        added.addLast(Map.entry(key, row));
    }

    /** Whether the frame holds a row (one added, or one kept before). */
    boolean isEmpty() {
        return peek() == null;
    }

    /** The time of the oldest row; the frame must not be empty. */
    long oldestTime() {
        return (Long) peek().getKey().get(timeAt);
    }

    /** Removes the oldest row from the frame and from state, and returns it. */
    Row removeOldest() {
        Map.Entry<Row, Row> oldest = peek();
        head = null;
        if (!added.isEmpty() && added.peekFirst() == oldest) {
            added.removeFirst();
        }
        state.delete(oldest.getKey());
        return oldest.getValue();
    }

    private Map.Entry<Row, Row> peek() {
        if (head == null) {
            head = kept.hasNext() ? kept.next() : added.peekFirst();
        }
        return head;
    }

    @Override
    public void close() {
        kept.close();
    }
}
