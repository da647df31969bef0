package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * EMIT STREAM: every change becomes a row with three more columns: {@code undo} (true when it
 * retracts an earlier row), {@code ptime} (when the change was realized) and {@code ver} (0, 1, 2,
 * ... per result key, retractions included).
 */
final class StreamRealizationSink implements ResultSink {
    private final ContinuousQuery query;
    private final int[] key;
    private final LongSupplier clock;
    private final Map<Row, Long> versions = new HashMap<>();

    StreamRealizationSink(ContinuousQuery query, List<Integer> key, LongSupplier clock) {
        this.query = query;
        this.key = key.stream().mapToInt(Integer::intValue).toArray();
        this.clock = clock;
    }

    @Override
    public void accept(Change change) {
        Row row = change.row();
        Row resultKey = key.length == 0 ? row : row.project(key);
        long version = versions.merge(resultKey, 0L, (old, zero) -> old + 1);
        Object[] out = new Object[row.arity() + 3];
        for (int i = 0; i < row.arity(); i++) {
            out[i] = row.get(i);
        }
        out[row.arity()] = change.kind().isRetract();
        out[row.arity() + 1] = clock.getAsLong();
        out[row.arity() + 2] = version;
        query.push(out);
    }

    @Override
    public void finish() {
        query.finish();
    }

    @Override
    public void fail(Throwable error) {
        query.fail(error);
    }
}
