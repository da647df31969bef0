package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No EMIT: applies every change to a multiset, so that at the end it holds the result as of now.
 */
final class TableRealizationSink implements ResultSink {
    private final Map<Row, Integer> rows = new LinkedHashMap<>();
    private volatile Throwable failure;
    private volatile boolean finished;

    @Override
    public void accept(Change change) {
        if (change.kind().isAccumulate()) {
            rows.merge(change.row(), 1, Integer::sum);
        } else {
            rows.computeIfPresent(change.row(), (r, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public void fail(Throwable error) {
        failure = error;
    }

    Throwable failure() {
        return failure;
    }

    boolean finished() {
        return finished;
    }

    List<Row> rows() {
        List<Row> result = new ArrayList<>();
        rows.forEach(
                (row, count) -> {
                    for (int i = 0; i < count; i++) {
                        result.add(row);
                    }
                });
        return result;
    }
}
