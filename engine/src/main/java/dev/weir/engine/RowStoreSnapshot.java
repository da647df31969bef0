package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.executor.state.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of a {@link RowStore} as of one round, read lazily from a scan of its store: a snapshot
 * query of a materialized view or a table holds a batch of rows at a time, not all of them. Each
 * row comes as often as it is there. Closing it (the job closes its sources) frees the scan.
 */
final class RowStoreSnapshot implements SourceFunction {
    private final RowStore store;
    private final CloseableIterator<Map.Entry<byte[], byte[]>> scan;
    private Row current;
    private long remaining;
    private boolean ended;

    RowStoreSnapshot(RowStore store, CloseableIterator<Map.Entry<byte[], byte[]>> scan) {
        this.store = store;
        this.scan = scan;
    }

    @Override
    public List<Row> poll(int max) {
        List<Row> batch = new ArrayList<>(Math.min(max, 1024));
        while (batch.size() < max && !ended) {
            if (remaining == 0) {
                if (!store.guarded(scan::hasNext)) {
                    ended = true;
                    scan.close();
                    break;
                }
                Map.Entry<byte[], byte[]> entry = store.guarded(scan::next);
                current = RowStore.rowOf(entry);
                remaining = RowStore.countOf(entry);
            }
            batch.add(current);
            remaining--;
        }
        return batch;
    }

    @Override
    public boolean isEnded() {
        if (!ended && remaining == 0 && !store.guarded(scan::hasNext)) {
            ended = true;
            scan.close();
        }
        return ended;
    }

    @Override
    public boolean endIsFinal() {
        return false; // the view goes on changing
    }

    @Override
    public void close() {
        ended = true;
        scan.close();
    }
}
