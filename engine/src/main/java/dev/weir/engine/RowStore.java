package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The current rows of a materialized view or a table as readers see them: a multiset of rows,
 * indexed by the relation's key when it has one, plus the subscribers that receive every change.
 * Changes are applied in batches (a view's job applies one per round, a table one per statement),
 * so a reader never sees half an update (the retraction of a row without its replacement).
 *
 * <p>Thread-safe: one writer (the job), any number of readers.
 */
final class RowStore {
    /** A subscriber that falls this far behind is cut off rather than let memory grow unbounded. */
    static final int SUBSCRIBER_BACKLOG_LIMIT = 1_000_000;

    private final int[] keyFields;
    private final Map<Row, Long> counts = new HashMap<>();
    private final Map<Row, Row> byKey = new HashMap<>();
    private final List<RowStoreSubscription> subscribers = new CopyOnWriteArrayList<>();
    private long rowCount;

    RowStore(int[] keyFields) {
        this.keyFields = keyFields.clone();
    }

    /** Applies one round of the job's changes at once and hands them to every subscriber. */
    synchronized void apply(List<Change> changes) {
        for (Change change : changes) {
            Row row = change.row();
            if (change.kind().isAccumulate()) {
                counts.merge(row, 1L, Long::sum);
                rowCount++;
                if (keyFields.length > 0) {
                    byKey.put(row.project(keyFields), row);
                }
            } else {
                Long count = counts.get(row);
                if (count == null) {
                    continue; // nothing to retract: the job never emitted this row
                }
                rowCount--;
                if (count > 1) {
                    counts.put(row, count - 1);
                } else {
                    counts.remove(row);
                    if (keyFields.length > 0) {
                        byKey.remove(row.project(keyFields), row);
                    }
                }
            }
        }
        for (RowStoreSubscription subscriber : subscribers) {
            subscriber.offer(changes);
        }
    }

    /** Loads rows restored from a checkpoint, before the job runs. */
    synchronized void load(Row row, long count) {
        counts.put(row, count);
        rowCount += count;
        if (keyFields.length > 0) {
            byKey.put(row.project(keyFields), row);
        }
    }

    /** Every row, as of the last applied round. */
    synchronized List<Row> snapshot() {
        List<Row> rows = new ArrayList<>((int) Math.min(rowCount, Integer.MAX_VALUE));
        counts.forEach(
                (row, count) -> {
                    for (long i = 0; i < count; i++) {
                        rows.add(row);
                    }
                });
        return rows;
    }

    /** How many times {@code row} is in the view now. */
    synchronized long count(Row row) {
        return counts.getOrDefault(row, 0L);
    }

    /** The row whose key fields equal {@code key}, for a view with a key. */
    synchronized Optional<Row> lookup(Row key) {
        return Optional.ofNullable(byKey.get(key));
    }

    boolean hasKey() {
        return keyFields.length > 0;
    }

    synchronized long rowCount() {
        return rowCount;
    }

    /**
     * Starts receiving changes: with the current rows first (as inserts) when {@code withSnapshot},
     * atomically, so nothing is missed or seen twice.
     */
    synchronized RowStoreSubscription subscribe(boolean withSnapshot) {
        RowStoreSubscription subscription = new RowStoreSubscription(this);
        if (withSnapshot) {
            List<Change> current = new ArrayList<>();
            for (Row row : snapshot()) {
                current.add(new Change(RowKind.INSERT, row));
            }
            subscription.offer(current);
        }
        subscribers.add(subscription);
        return subscription;
    }

    void unsubscribe(RowStoreSubscription subscription) {
        subscribers.remove(subscription);
    }

    /** The view is dropped or the server stops: every subscriber ends. */
    void closeSubscribers() {
        for (RowStoreSubscription subscriber : subscribers) {
            subscriber.end();
        }
        subscribers.clear();
    }
}
