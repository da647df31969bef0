package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.JobGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * No EMIT: applies every change to a multiset, so that at the end it holds the result as of now, in
 * the query's ORDER BY, with its OFFSET and LIMIT applied.
 *
 * <p>An insert-only result with a LIMIT keeps only the {@code OFFSET + LIMIT} rows that can still
 * be in the answer (the first ones, or the least by the ORDER BY in a bounded heap), however many
 * rows the query reads: no row of it is ever retracted, so a row pushed out can never come back. A
 * result with retractions keeps the multiset, which is no larger than the state of the aggregate or
 * join that produces it.
 */
final class TableRealizationSink implements ResultSink {
    /** A kept row and when it came: ties in the ORDER BY keep their arrival order. */
    private record Arrived(Row row, long sequence) {}

    private final List<Integer> sortFields;
    private final OrderByComparator byOrder;
    private final long offset;
    private final long limit;
    private final boolean bounded;
    private final Comparator<Arrived> order;
    private final Map<Row, Integer> rows = new LinkedHashMap<>();
    private final PriorityQueue<Arrived> best;
    private final List<Arrived> first = new ArrayList<>();
    private long arrivals;
    private volatile Throwable failure;
    private volatile boolean finished;

    TableRealizationSink(JobGraph graph) {
        this.sortFields = graph.sortFields();
        this.offset = graph.offset();
        this.limit = graph.limit();
        this.bounded = limit >= 0 && graph.changelogMode() == ChangelogMode.INSERT_ONLY;
        this.byOrder = new OrderByComparator(sortFields);
        this.order =
                Comparator.comparing(Arrived::row, byOrder).thenComparingLong(Arrived::sequence);
        // The worst kept row on top, to be pushed out by a better one.
        this.best = new PriorityQueue<>(order.reversed());
    }

    @Override
    public void accept(Change change) {
        if (bounded) {
            keepIfInTheAnswer(change.row());
        } else if (change.kind().isAccumulate()) {
            rows.merge(change.row(), 1, Integer::sum);
        } else {
            rows.computeIfPresent(change.row(), (r, n) -> n == 1 ? null : n - 1);
        }
    }

    private void keepIfInTheAnswer(Row row) {
        long capacity = offset + limit;
        Arrived arrived = new Arrived(row, arrivals++);
        if (sortFields.isEmpty()) {
            if (first.size() < capacity) {
                first.add(arrived);
            }
        } else if (best.size() < capacity) {
            best.add(arrived);
        } else if (capacity > 0 && order.compare(arrived, best.peek()) < 0) {
            best.poll();
            best.add(arrived);
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

    /** How many rows are kept (for tests of the bound). */
    long keptRows() {
        return bounded ? first.size() + best.size() : rows.size();
    }

    /** The answer: the rows in order, OFFSET skipped, at most LIMIT of them. */
    List<Row> answer() {
        List<Row> all = new ArrayList<>();
        if (bounded) {
            List<Arrived> kept = new ArrayList<>(sortFields.isEmpty() ? first : best);
            kept.sort(order);
            kept.forEach(a -> all.add(a.row()));
        } else {
            rows.forEach(
                    (row, count) -> {
                        for (int i = 0; i < count; i++) {
                            all.add(row);
                        }
                    });
            if (!sortFields.isEmpty()) {
                all.sort(byOrder);
            }
        }
        int from = (int) Math.min(offset, all.size());
        int to = limit < 0 ? all.size() : (int) Math.min(all.size(), from + limit);
        return all.subList(from, to);
    }
}
