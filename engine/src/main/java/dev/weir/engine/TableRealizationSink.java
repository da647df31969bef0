package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.JobGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * No EMIT: applies every change to a multiset, so that at the end it holds the result as of now, in
 * the query's ORDER BY, with its OFFSET and LIMIT applied.
 *
 * <p>An insert-only result with a LIMIT keeps only the {@code OFFSET + LIMIT} rows that can still
 * be in the answer (the first ones, or the least by the ORDER BY in a bounded heap), however many
 * rows the query reads: no row of it is ever retracted, so a row pushed out can never come back. A
 * result with retractions keeps the multiset, which is no larger than the state of the aggregate or
 * join that produces it. An insert-only result with an ORDER BY and no LIMIT is sorted in runs of a
 * bounded number of rows, spilled to disk and merged ({@link SpillingSort}).
 */
final class TableRealizationSink implements ResultSink {
    /** A kept row and when it came: ties in the ORDER BY keep their arrival order. */
    record Arrived(Row row, long sequence) {}

    /** Rows an ORDER BY without LIMIT sorts in memory before it spills them to disk. */
    static final int DEFAULT_SPILL_ROWS = 200_000;

    private final List<Integer> sortFields;
    private final OrderByComparator byOrder;
    private final long offset;
    private final long limit;
    private final boolean bounded;
    private final Comparator<Arrived> order;
    private final Map<Row, Integer> rows = new LinkedHashMap<>();
    private final PriorityQueue<Arrived> best;
    private final List<Arrived> first = new ArrayList<>();
    private final SpillingSort spilling;
    private final MemoryBudget.Meter meter;
    private long arrivals;
    private volatile Throwable failure;
    private volatile boolean finished;

    TableRealizationSink(JobGraph graph) {
        this(
                graph,
                DEFAULT_SPILL_ROWS,
                Path.of(System.getProperty("java.io.tmpdir")),
                MemoryBudget.Meter.UNLIMITED);
    }

    /**
     * @param spillRows for an insert-only ORDER BY without LIMIT, how many rows to sort in memory
     *     before writing them to a run in {@code spillDirectory}
     * @param meter counts the rows kept in memory against the query's share of the heap budget; a
     *     sort spills when it holds half that share
     */
    TableRealizationSink(
            JobGraph graph, int spillRows, Path spillDirectory, MemoryBudget.Meter meter) {
        this.meter = meter;
        this.sortFields = graph.sortFields();
        this.offset = graph.offset();
        this.limit = graph.limit();
        this.bounded = limit >= 0 && graph.changelogMode() == ChangelogMode.INSERT_ONLY;
        this.byOrder = new OrderByComparator(sortFields);
        this.order =
                Comparator.comparing(Arrived::row, byOrder).thenComparingLong(Arrived::sequence);
        // The worst kept row on top, to be pushed out by a better one.
        this.best = new PriorityQueue<>(order.reversed());
        this.spilling =
                !bounded
                                && !sortFields.isEmpty()
                                && graph.changelogMode() == ChangelogMode.INSERT_ONLY
                        ? new SpillingSort(byOrder, spillRows, spillDirectory, meter)
                        : null;
    }

    @Override
    public void accept(Change change) {
        if (bounded) {
            keepIfInTheAnswer(change.row());
        } else if (spilling != null) {
            spilling.add(change.row());
        } else if (change.kind().isAccumulate()) {
            meter.hold(change.row());
            rows.merge(change.row(), 1, Integer::sum);
        } else if (rows.containsKey(change.row())) {
            meter.release(change.row());
            rows.computeIfPresent(change.row(), (r, n) -> n == 1 ? null : n - 1);
        }
    }

    private void keepIfInTheAnswer(Row row) {
        long capacity = offset + limit;
        Arrived arrived = new Arrived(row, arrivals++);
        if (sortFields.isEmpty()) {
            if (first.size() < capacity) {
                meter.hold(row);
                first.add(arrived);
            }
        } else if (best.size() < capacity) {
            meter.hold(row);
            best.add(arrived);
        } else if (capacity > 0 && order.compare(arrived, best.peek()) < 0) {
            meter.release(best.poll().row());
            meter.hold(row);
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
        if (spilling != null) {
            return spilling.bufferedRows();
        }
        return bounded ? first.size() + best.size() : rows.size();
    }

    /** How many sorted runs went to disk (for tests of the spill). */
    int spilledRuns() {
        return spilling == null ? 0 : spilling.spilledRuns();
    }

    /** The answer: the rows in order, OFFSET skipped, at most LIMIT of them. */
    List<Row> answer() {
        List<Row> answer = new ArrayList<>();
        forEachAnswerRow(answer::add);
        return answer;
    }

    /**
     * Hands the answer's rows to {@code out}, in order; once. A spilled sort is merged from its
     * runs as it goes, and its files are deleted after.
     */
    void forEachAnswerRow(Consumer<Row> out) {
        if (spilling != null) {
            try (SpillingSort sort = spilling) {
                long[] skip = {offset};
                sort.forEachSorted(
                        row -> {
                            if (skip[0] > 0) {
                                skip[0]--;
                            } else {
                                out.accept(row);
                            }
                        });
            }
            return;
        }
        answerInMemory().forEach(out);
    }

    /** Frees what the sink holds on disk: for a query that fails before its answer is read. */
    void discard() {
        if (spilling != null) {
            spilling.close();
        }
    }

    private List<Row> answerInMemory() {
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
