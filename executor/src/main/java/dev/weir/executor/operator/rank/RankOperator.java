package dev.weir.executor.operator.rank;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.RankKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-N per partition over a changelog (Flink's AppendOnlyTopN and RetractableTopN in one): each
 * change re-ranks its partition and emits the difference between the top before and after it, so
 * the changelog is exact: the row that leaves the top is retracted, the one that enters inserted,
 * and (with the rank number output) every row whose number changed is updated.
 *
 * <p>State, per partition: its rows with their multiplicity and arrival number, and its next
 * arrival number. Over an insert-only input a row that falls out of the top never comes back (ranks
 * only grow), so only the top is kept: at most N rows per partition for ROW_NUMBER (ties aside for
 * RANK and DENSE_RANK). Over a retracting input every row is kept, to refill the top after a
 * retraction.
 *
 * <p>Changes are paired as updates where one row takes another's place under the result's key: the
 * rank number (ROW_NUMBER with the number output), or the partition (ROW_NUMBER, top 1). Otherwise
 * a leaving row is deleted and an entering one inserted.
 */
public final class RankOperator implements Operator {
    private final int[] partitionKeys;
    private final RankKind kind;
    private final long limit;
    private final boolean rankNumber;
    private final boolean insertOnly;
    private final Ranking ranking;
    private OperatorContext context;

    /** Per partition key plus row: the row's {@code (count, arrival)}. */
    private KeyValueState<Row, Row> rows;

    /** Per partition key: its next arrival number. */
    private KeyValueState<Row, Row> arrivals;

    public RankOperator(ExecNode.Rank node) {
        this.partitionKeys = node.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
        this.kind = node.kind();
        this.limit = node.limit();
        this.rankNumber = node.rankNumber();
        this.insertOnly = node.inputMode() == ChangelogMode.INSERT_ONLY;
        this.ranking = new Ranking(node.kind(), node.order(), node.limit());
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        rows = context.state().keyValueState(id + ".rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
        arrivals =
                context.state()
                        .keyValueState(id + ".arrivals", RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    @Override
    public void processChange(int input, Change change) {
        Row partition = change.row().project(partitionKeys);
        List<Ranking.Entry> entries = load(partition);
        List<Ranking.Ranked> before = ranking.top(entries);
        if (!apply(partition, change, entries)) {
            return;
        }
        ranking.sort(entries);
        List<Ranking.Ranked> after = ranking.top(entries);
        emitDifference(before, after);
        if (insertOnly) {
            keepOnly(partition, entries, after);
        }
    }

    private List<Ranking.Entry> load(Row partition) {
        List<Ranking.Entry> entries = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = rows.prefix(partition)) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                Row row = e.getKey().slice(partitionKeys.length, e.getKey().arity());
                entries.add(
                        new Ranking.Entry(
                                row, (Long) e.getValue().get(0), (Long) e.getValue().get(1)));
            }
        }
        ranking.sort(entries);
        return entries;
    }

    /**
     * Applies {@code change} to the partition's state and to {@code entries}.
     *
     * @return false when it changes nothing (retracting a row that is not there)
     */
    private boolean apply(Row partition, Change change, List<Ranking.Entry> entries) {
        Row row = change.row();
        Row key = partition.append(row.toArray());
        int at = indexOf(entries, row);
        if (change.kind().isAccumulate()) {
            if (at >= 0) {
                Ranking.Entry e = entries.get(at);
                entries.set(at, new Ranking.Entry(row, e.count() + 1, e.arrival()));
                rows.put(key, Row.of(e.count() + 1, e.arrival()));
                return true;
            }
            Row next = arrivals.get(partition);
            long arrival = next == null ? 0 : (Long) next.get(0);
            arrivals.put(partition, Row.of(arrival + 1));
            entries.add(new Ranking.Entry(row, 1, arrival));
            rows.put(key, Row.of(1L, arrival));
            return true;
        }
        if (at < 0) {
            return false;
        }
        Ranking.Entry e = entries.get(at);
        if (e.count() > 1) {
            entries.set(at, new Ranking.Entry(row, e.count() - 1, e.arrival()));
            rows.put(key, Row.of(e.count() - 1, e.arrival()));
        } else {
            entries.remove(at);
            rows.delete(key);
            if (entries.isEmpty()) {
                arrivals.delete(partition);
            }
        }
        return true;
    }

    private static int indexOf(List<Ranking.Entry> entries, Row row) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).row().equals(row)) {
                return i;
            }
        }
        return -1;
    }

    /** Insert-only input: drops the rows (and copies) that fell out of the top for good. */
    private void keepOnly(Row partition, List<Ranking.Entry> entries, List<Ranking.Ranked> top) {
        Map<Row, Long> kept = new HashMap<>();
        for (Ranking.Ranked r : top) {
            kept.merge(r.row(), 1L, Long::sum);
        }
        for (Ranking.Entry e : entries) {
            long copies = kept.getOrDefault(e.row(), 0L);
            Row key = partition.append(e.row().toArray());
            if (copies == 0) {
                rows.delete(key);
            } else if (copies < e.count()) {
                rows.put(key, Row.of(copies, e.arrival()));
            }
        }
    }

    private void emitDifference(List<Ranking.Ranked> before, List<Ranking.Ranked> after) {
        Map<Row, Long> afterCounts = counts(after);
        Map<Row, Long> beforeCounts = counts(before);
        List<Ranking.Ranked> removed = minus(before, afterCounts);
        List<Ranking.Ranked> added = minus(after, beforeCounts);
        if (kind == RankKind.ROW_NUMBER && rankNumber) {
            // The result's key is (partition, number): pair the changes under each number.
            Map<Long, Ranking.Ranked> addedByNumber = new LinkedHashMap<>();
            for (Ranking.Ranked r : added) {
                addedByNumber.put(r.number(), r);
            }
            for (Ranking.Ranked r : removed) {
                Ranking.Ranked replacement = addedByNumber.remove(r.number());
                if (replacement == null) {
                    emit(Change.delete(output(r)));
                } else {
                    emit(Change.updateBefore(output(r)));
                    emit(Change.updateAfter(output(replacement)));
                }
            }
            addedByNumber.values().forEach(r -> emit(Change.insert(output(r))));
            return;
        }
        if (kind == RankKind.ROW_NUMBER && limit == 1 && removed.size() == 1 && added.size() == 1) {
            // The result's key is the partition: one row replaces the other.
            emit(Change.updateBefore(output(removed.get(0))));
            emit(Change.updateAfter(output(added.get(0))));
            return;
        }
        removed.forEach(r -> emit(Change.delete(output(r))));
        added.forEach(r -> emit(Change.insert(output(r))));
    }

    /** The output rows of {@code ranked}, counted. */
    private Map<Row, Long> counts(List<Ranking.Ranked> ranked) {
        Map<Row, Long> counts = new HashMap<>();
        for (Ranking.Ranked r : ranked) {
            counts.merge(output(r), 1L, Long::sum);
        }
        return counts;
    }

    /** {@code ranked} without as many copies of each output row as {@code other} counts. */
    private List<Ranking.Ranked> minus(List<Ranking.Ranked> ranked, Map<Row, Long> other) {
        Map<Row, Long> left = new HashMap<>(other);
        List<Ranking.Ranked> rest = new ArrayList<>();
        for (Ranking.Ranked r : ranked) {
            Row out = output(r);
            long n = left.getOrDefault(out, 0L);
            if (n > 0) {
                left.put(out, n - 1);
            } else {
                rest.add(r);
            }
        }
        return rest;
    }

    private Row output(Ranking.Ranked ranked) {
        return rankNumber ? ranked.row().append(ranked.number()) : ranked.row();
    }

    private void emit(Change change) {
        context.output().emit(change);
    }

    @Override
    public void processWatermark(long watermark) {
        // Unbounded Top-N does not use time; pass the watermark on for operators downstream.
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
