package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.List;

/** Rows read once, as of when they were taken: a materialized view or a system table as of now. */
final class RowListSource implements SourceFunction {
    private final List<Row> rows;
    private int next;

    RowListSource(List<Row> rows) {
        this.rows = rows;
    }

    @Override
    public List<Row> poll(int max) {
        int to = Math.min(rows.size(), next + max);
        List<Row> batch = rows.subList(next, to);
        next = to;
        return batch;
    }

    @Override
    public boolean isEnded() {
        return next >= rows.size();
    }

    @Override
    public boolean endIsFinal() {
        return false; // the view goes on changing
    }
}
