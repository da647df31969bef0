package dev.weir.executor.operator.rank;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.TimeOrderedOperator;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.WindowRank;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Window Top-N (Flink's WindowRankOperator; window deduplication is its top-1 case): the rows of
 * each window are ranked per partition as they arrive, and when the watermark passes the window's
 * end the top rows come out once, final, insert-only; then the window's state is dropped. A row
 * whose window the watermark has already passed is late: dropped and counted.
 *
 * <p>State: the {@link PartitionRows} of each partition under {@code (window_end, partition...)},
 * so that one range scan finds every window the watermark completes (and a restored operator finds
 * them again); the watermark. Over an insert-only input only each partition's top is kept (a row
 * that falls out of it never comes back); over a retracting input (a window aggregate updating on
 * every row) every row, to refill the top after a retraction.
 */
public final class WindowRankOperator extends TimeOrderedOperator {
    private static final long STATE_SIZE_EVERY = 10_000;

    private final int[] partitionKeys;
    private final int windowEndField;
    private final boolean rankNumber;
    private final boolean insertOnly;
    private final Ranking ranking;

    private OperatorContext context;
    private PartitionRows rows;
    private long rowsSeen;

    public WindowRankOperator(WindowRank node) {
        this.partitionKeys = node.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
        this.windowEndField = node.windowEndField();
        this.rankNumber = node.rankNumber();
        this.insertOnly = node.inputMode() == ChangelogMode.INSERT_ONLY;
        this.ranking = new Ranking(node.kind(), node.order(), node.limit());
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        rows = new PartitionRows(context, ranking);
        openEventTime(
                context,
                new WatermarkState(context.operatorState(), context.operatorId() + ".meta"));
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        long end = (Long) row.get(windowEndField);
        if (end <= currentWatermark()) {
            context.metrics().lateRowDropped();
            return;
        }
        Row partition = Row.of(end).append(row.project(partitionKeys).toArray());
        List<Ranking.Entry> entries = rows.load(partition);
        boolean opened = entries.isEmpty();
        if (!rows.apply(partition, change, entries)) {
            return;
        }
        if (opened) {
            context.registerEventTimer(end);
        }
        if (insertOnly) {
            ranking.sort(entries);
            rows.keepOnly(partition, entries, ranking.top(entries));
        }
        if (++rowsSeen % STATE_SIZE_EVERY == 0) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
    }

    /** Emits the top of every partition whose window ends in {@code [from, upTo]}, and drops it. */
    @Override
    protected void fire(long from, long upTo) {
        int partitionArity = 1 + partitionKeys.length;
        Map<Row, List<Ranking.Entry>> due = new LinkedHashMap<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = rows.range(Row.of(from), after(upTo))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                Row key = e.getKey();
                due.computeIfAbsent(key.slice(0, partitionArity), p -> new ArrayList<>())
                        .add(PartitionRows.entry(key.slice(partitionArity, key.arity()), e));
            }
        }
        for (Map.Entry<Row, List<Ranking.Entry>> window : due.entrySet()) {
            List<Ranking.Entry> entries = window.getValue();
            ranking.sort(entries);
            for (Ranking.Ranked r : ranking.top(entries)) {
                Row out = rankNumber ? r.row().append(r.number()) : r.row();
                context.output().emit(Change.insert(out));
            }
            rows.clear(window.getKey(), entries);
        }
    }
}
