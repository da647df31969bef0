package dev.weir.executor.compile;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.ArrayList;
import java.util.List;

/** The constant rows of a VALUES: read once, then the input has ended. */
final class ValuesSource implements SourceFunction {
    private final List<List<Object>> rows;
    private int next;

    ValuesSource(List<List<Object>> rows) {
        this.rows = rows;
    }

    @Override
    public List<Row> poll(int max) {
        List<Row> batch = new ArrayList<>();
        while (next < rows.size() && batch.size() < max) {
            batch.add(Row.copyOf(rows.get(next++)));
        }
        return batch;
    }

    @Override
    public boolean isEnded() {
        return next >= rows.size();
    }
}
