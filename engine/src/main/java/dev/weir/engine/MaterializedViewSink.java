package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a materialized view's job puts its result: the view's rows (row → count) in the job's own
 * state, so a checkpoint of the job holds them consistently with its sources' positions, and, a
 * round at a time, in the store readers use.
 */
final class MaterializedViewSink implements ViewSink {
    static final String STATE_NAME = "view.rows";

    private static final Row ONE = Row.of(1L);

    private final KeyValueState<Row, Row> rows;
    private final RowStore store;
    private final List<Change> round = new ArrayList<>();
    private volatile Throwable failure;

    MaterializedViewSink(StateBackend state, RowStore store) {
        this.rows = state.keyValueState(STATE_NAME, RowCodec.INSTANCE, RowCodec.INSTANCE);
        this.store = store;
    }

    /** Fills the store from the state (restored from a checkpoint); before the job starts. */
    void loadStore() {
        try (CloseableIterator<Map.Entry<Row, Row>> all = rows.all()) {
            while (all.hasNext()) {
                Map.Entry<Row, Row> entry = all.next();
                store.load(entry.getKey(), (Long) entry.getValue().get(0));
            }
        }
        store.endLoad();
    }

    @Override
    public void accept(Change change) {
        Row row = change.row();
        if (store.hasKey()) {
            // One row per key: a retraction removes it, an insert adds it; no count to read.
            if (change.kind().isAccumulate()) {
                rows.put(row, ONE);
            } else {
                rows.delete(row);
            }
            round.add(change);
            return;
        }
        Row stored = rows.get(row);
        long count = stored == null ? 0 : (Long) stored.get(0);
        if (change.kind().isAccumulate()) {
            rows.put(row, Row.of(count + 1));
        } else if (count == 1) {
            rows.delete(row);
        } else if (count > 1) {
            rows.put(row, Row.of(count - 1));
        }
        round.add(change);
    }

    @Override
    public void endOfBatch() {
        if (!round.isEmpty()) {
            store.apply(List.copyOf(round));
            round.clear();
        }
    }

    @Override
    public void finish() {}

    @Override
    public void fail(Throwable error) {
        failure = error;
    }

    @Override
    public Throwable failure() {
        return failure;
    }
}
