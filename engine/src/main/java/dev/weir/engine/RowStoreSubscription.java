package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A continuous query's reader of a {@link RowStore} (a materialized view's or a table's rows): its
 * changes (after its rows, if asked), queued by the writer and read by the query's job. The queue
 * is unbounded up to a limit: the writer (a view's job, a table statement) must never wait for a
 * reader; a reader that falls too far behind fails.
 */
final class RowStoreSubscription implements SourceFunction {
    private final RowStore store;
    private final Optional<RowStoreSnapshot> snapshot;
    private final ArrayDeque<Change> queue = new ArrayDeque<>();
    private boolean overflowed;
    private boolean ended;

    /**
     * @param snapshot the rows as of the subscription, delivered (as inserts) before any change
     */
    RowStoreSubscription(RowStore store, Optional<RowStoreSnapshot> snapshot) {
        this.store = store;
        this.snapshot = snapshot;
    }

    synchronized void offer(List<Change> changes) {
        if (overflowed || ended) {
            return;
        }
        // The rows of the snapshot are not queued: only the changes after it count here.
        if (queue.size() + changes.size() > RowStore.SUBSCRIBER_BACKLOG_LIMIT) {
            overflowed = true;
            queue.clear();
            store.unsubscribe(this);
            return;
        }
        queue.addAll(changes);
        Runnable wake = listener;
        if (wake != null && !changes.isEmpty()) {
            wake.run();
        }
    }

    private volatile Runnable listener;

    @Override
    public void onAvailable(Runnable wake) {
        listener = wake;
    }

    /** The view or table is gone: what is queued is still read, but not the rows of a snapshot. */
    synchronized void end() {
        ended = true;
        snapshot.ifPresent(RowStoreSnapshot::close);
    }

    @Override
    public boolean producesChanges() {
        return true;
    }

    @Override
    public synchronized List<Change> pollChanges(int max) {
        if (overflowed) {
            throw new WeirException(
                    ErrorCode.CONSUMER_TOO_SLOW,
                    Optional.empty(),
                    "This query fell more than "
                            + RowStore.SUBSCRIBER_BACKLOG_LIMIT
                            + " changes behind the materialized view it reads and was stopped.");
        }
        if (snapshot.isPresent() && !snapshot.get().isEnded()) {
            List<Row> rows = snapshot.get().poll(max);
            List<Change> batch = new ArrayList<>(rows.size());
            rows.forEach(row -> batch.add(Change.insert(row)));
            return batch;
        }
        int n = Math.min(max, queue.size());
        List<Change> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(queue.poll());
        }
        return batch;
    }

    @Override
    public List<Row> poll(int max) {
        throw new UnsupportedOperationException("a view subscription yields changes");
    }

    @Override
    public synchronized boolean isEnded() {
        return ended && queue.isEmpty() && snapshot.map(RowStoreSnapshot::isEnded).orElse(true);
    }

    @Override
    public boolean endIsFinal() {
        return false;
    }

    @Override
    public void close() {
        store.unsubscribe(this);
        synchronized (this) {
            snapshot.ifPresent(RowStoreSnapshot::close);
        }
    }
}
