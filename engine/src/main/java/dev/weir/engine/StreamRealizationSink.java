package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.ResultExpiry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * EMIT STREAM: every change becomes a row with three more columns: {@code undo} (true when it
 * retracts an earlier row), {@code ptime} (when the change was realized) and {@code ver} (0, 1, 2,
 * ... per result key, retractions included).
 *
 * <p>The versions it keeps are bounded by what the query keeps anyway: an insert-only result never
 * changes a row it realized, so every row is version 0 and nothing is kept; a windowed result's
 * keys are forgotten once the watermark ends their windows ({@link ResultExpiry}); any other
 * updating result keeps one number per key, as its aggregate keeps one state per key.
 */
final class StreamRealizationSink implements ResultSink {
    private final ContinuousQuery query;
    private final int[] key;
    private final boolean insertOnly;
    private final ResultExpiry expiry;
    private final LongSupplier clock;
    private final Map<Row, Long> versions = new HashMap<>();
    private final NavigableMap<Long, Set<Row>> keysByWindowEnd = new TreeMap<>();

    StreamRealizationSink(ContinuousQuery query, JobGraph graph, LongSupplier clock) {
        this.query = query;
        this.key = graph.resultKey().stream().mapToInt(Integer::intValue).toArray();
        this.insertOnly = graph.changelogMode() == ChangelogMode.INSERT_ONLY;
        this.expiry = graph.resultExpiry().orElse(null);
        this.clock = clock;
    }

    @Override
    public void accept(Change change) {
        Row row = change.row();
        Object[] out = new Object[row.arity() + 3];
        for (int i = 0; i < row.arity(); i++) {
            out[i] = row.get(i);
        }
        out[row.arity()] = change.kind().isRetract();
        out[row.arity() + 1] = clock.getAsLong();
        out[row.arity() + 2] = insertOnly ? 0L : nextVersion(row);
        query.push(out);
    }

    private long nextVersion(Row row) {
        Row resultKey = key.length == 0 ? row : row.project(key);
        long version = versions.merge(resultKey, 0L, (old, zero) -> old + 1);
        if (version == 0
                && expiry != null
                && row.get(expiry.windowEndField()) instanceof Long end) {
            keysByWindowEnd.computeIfAbsent(end, e -> new HashSet<>()).add(resultKey);
        }
        return version;
    }

    @Override
    public void watermark(long watermark) {
        if (expiry == null) {
            return;
        }
        while (!keysByWindowEnd.isEmpty()
                && expiry.isFinal(keysByWindowEnd.firstKey(), watermark)) {
            keysByWindowEnd.pollFirstEntry().getValue().forEach(versions::remove);
        }
    }

    /** How many result keys have a version kept (for tests of the bound). */
    int keptVersions() {
        return versions.size();
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
