package dev.weir.executor.connector.log;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream log from an offset, as a source. Bounded ({@code [from, bound)}) or tailing (bound
 * {@code Long.MAX_VALUE}): a tailing reader's poll returns the records appended since the last
 * poll, or nothing. Its position is the next offset. Many readers may share one log.
 */
public final class LogReader implements SourceReader {
    private final StreamLog log;
    private final long from;
    private final long bound;
    private long next;
    private boolean opened;

    LogReader(StreamLog log, long from, long bound) {
        this.log = log;
        this.from = from;
        this.bound = bound;
    }

    /**
     * @throws dev.weir.common.error.WeirException STATE_CORRUPTED if the log no longer holds every
     *     record before {@code position} (see {@link StreamLog#checkResumableAt})
     */
    @Override
    public void open(SourcePosition position) {
        next = position.isStart() ? from : position.longs(1)[0];
        if (!position.isStart()) {
            log.checkResumableAt(next);
        }
        opened = true;
    }

    @Override
    public List<Row> poll(int maxRows) {
        if (!opened) {
            open(SourcePosition.START);
        }
        if (next >= bound) {
            return List.of();
        }
        StreamLog.Batch batch = log.read(next, bound, maxRows);
        next = batch.next();
        return batch.rows();
    }

    @Override
    public boolean replaysPolls() {
        return true;
    }

    /** The records from the next offset up to {@code end}'s: the log holds them durably. */
    @Override
    public List<Row> pollUntil(SourcePosition end) {
        if (!opened) {
            open(SourcePosition.START);
        }
        long until = Math.min(end.longs(1)[0], bound);
        List<Row> rows = new ArrayList<>();
        while (next < until) {
            StreamLog.Batch batch = log.read(next, until, Integer.MAX_VALUE);
            if (batch.next() == next) {
                throw new IllegalStateException(
                        "the stream log ends at " + next + " before offset " + until);
            }
            rows.addAll(batch.rows());
            next = batch.next();
        }
        return rows;
    }

    /** The offset of the next record to read. */
    public long nextOffset() {
        return next;
    }

    @Override
    public SourcePosition position() {
        return SourcePosition.of(next);
    }

    @Override
    public boolean isEnded() {
        return next >= bound;
    }

    @Override
    public boolean endIsFinal() {
        return false; // the stream goes on after a bounded snapshot of it
    }

    @Override
    public long malformedCount() {
        return 0; // records are checksummed: damage is an error, never a skipped row
    }

    private Runnable listener;

    @Override
    public void onAvailable(Runnable wake) {
        if (bound == Long.MAX_VALUE) {
            listener = wake;
            log.addAppendListener(wake);
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            log.removeAppendListener(listener);
        }
    }
}
