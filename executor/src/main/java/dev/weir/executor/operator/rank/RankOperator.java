package dev.weir.executor.operator.rank;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
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
    private PartitionRows rows;

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
        rows = new PartitionRows(context, ranking);
    }

    @Override
    public void processChange(int input, Change change) {
        Row partition = change.row().project(partitionKeys);
        List<Ranking.Entry> entries = rows.load(partition);
        List<Ranking.Ranked> before = ranking.top(entries);
        if (!rows.apply(partition, change, entries)) {
            return;
        }
        ranking.sort(entries);
        List<Ranking.Ranked> after = ranking.top(entries);
        emitDifference(before, after);
        if (insertOnly) {
            rows.keepOnly(partition, entries, after);
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
