package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JobGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table realization's answer: exact against sorting everything, and bounded where it can be. */
class TableRealizationSinkTest {
    private static final List<FieldSpec> FIELDS =
            List.of(
                    new FieldSpec("k", ValueType.INTEGER, true),
                    new FieldSpec("seq", ValueType.INTEGER, false));

    @Test
    void anInsertOnlyTopNKeepsOnlyOffsetPlusLimitRowsAndAnswersAsAFullSortWould() {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            long offset = random.nextInt(4);
            long limit = random.nextInt(6);
            boolean descending = random.nextBoolean();
            List<Integer> sort = List.of(descending ? -1 : 0);
            TableRealizationSink sink = new TableRealizationSink(insertOnly(sort, offset, limit));
            List<Row> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                // Few distinct keys, NULLs among them: ties everywhere, broken by arrival.
                Integer k = random.nextInt(10) == 0 ? null : random.nextInt(20);
                Row row = Row.of(k, i);
                all.add(row);
                sink.accept(Change.insert(row));
                assertThat(sink.keptRows()).isLessThanOrEqualTo(offset + limit);
            }
            all.sort(new OrderByComparator(sort)); // stable: ties in arrival order
            int from = (int) Math.min(offset, all.size());
            int to = (int) Math.min(all.size(), from + limit);
            assertThat(sink.answer()).as("run %d", run).isEqualTo(all.subList(from, to));
        }
    }

    @Test
    void anInsertOnlyLimitWithoutOrderKeepsTheFirstRows() {
        TableRealizationSink sink = new TableRealizationSink(insertOnly(List.of(), 1, 2));
        for (int i = 0; i < 100; i++) {
            sink.accept(Change.insert(Row.of(i % 3, i)));
        }
        assertThat(sink.keptRows()).isEqualTo(3);
        assertThat(sink.answer()).containsExactly(Row.of(1, 1), Row.of(2, 2));
    }

    @Test
    void aResultWithRetractionsKeepsTheMultisetAndAppliesThemBeforeTheLimit() {
        TableRealizationSink sink = new TableRealizationSink(retracting(List.of(0), 0, 2));
        sink.accept(Change.insert(Row.of(1, 0)));
        sink.accept(Change.insert(Row.of(2, 0)));
        sink.accept(Change.insert(Row.of(3, 0)));
        sink.accept(Change.delete(Row.of(1, 0)));
        assertThat(sink.answer()).containsExactly(Row.of(2, 0), Row.of(3, 0));
    }

    /**
     * An ORDER BY without LIMIT over more rows than it sorts in memory spills sorted runs and
     * merges them (more runs than one merge reads, too): the answer equals the in-memory sort's,
     * NULLs, ties and duplicates included, ascending and descending, with and without an OFFSET.
     */
    @Test
    void aSpilledSortAnswersExactlyAsTheInMemorySort(@TempDir Path spill) throws Exception {
        Random random = new Random(7);
        Object[] doubles = {null, -0.0, 0.0, 1.5, Double.NaN, -2.25};
        for (int run = 0; run < 40; run++) {
            List<Integer> sort = new ArrayList<>();
            sort.add(random.nextBoolean() ? 0 : -1);
            if (random.nextBoolean()) {
                sort.add(random.nextBoolean() ? 2 : -3);
            }
            long offset = random.nextInt(3) == 0 ? random.nextInt(50) : 0;
            JobGraph graph = insertOnly3(sort, offset);
            int runRows = 1 + random.nextInt(run % 4 == 0 ? 3 : 60);
            TableRealizationSink spilled =
                    new TableRealizationSink(graph, runRows, spill, MemoryBudget.Meter.UNLIMITED);
            // The reference: every row in a multiset in first-arrival order, then a stable sort.
            Map<Row, Integer> multiset = new LinkedHashMap<>();
            int rows = 200 + random.nextInt(400);
            for (int i = 0; i < rows; i++) {
                Integer k = random.nextInt(6) == 0 ? null : random.nextInt(8);
                String s = random.nextInt(5) == 0 ? null : "s" + random.nextInt(4);
                Object d = doubles[random.nextInt(doubles.length)];
                if (sort.size() > 1 && d instanceof Double z && z == 0.0) {
                    d = 0.0; // -0.0 in a sort key: see theZerosOfASortKeyAreOrderedAsThemselves
                }
                Row row = Row.of(k, s, d);
                spilled.accept(Change.insert(row));
                multiset.merge(row, 1, Integer::sum);
                assertThat(spilled.keptRows()).isLessThan(runRows);
            }
            assertThat(spilled.spilledRuns()).isEqualTo(rows / runRows);
            List<Row> expected = new ArrayList<>();
            multiset.forEach((r, n) -> expected.addAll(Collections.nCopies(n, r)));
            expected.sort(new OrderByComparator(sort));
            expected.subList(0, (int) Math.min(offset, expected.size())).clear();
            assertThat(expected).hasSize((int) Math.max(0, rows - offset));
            assertThat(spilled.answer()).as("run %d", run).isEqualTo(expected);
            try (var left = Files.list(spill)) {
                assertThat(left).as("run files are deleted").isEmpty();
            }
        }
    }

    /**
     * -0.0 and 0.0 are one value for a row's multiplicity but two for ORDER BY (-0.0 first): each
     * row comes out as it arrived, in its place. (Before runs were spilled, a multiset of the rows
     * made a 0.0 row that equalled an earlier -0.0 one come out as -0.0, in its place.)
     */
    @Test
    void theZerosOfASortKeyAreOrderedAsThemselves(@TempDir Path spill) {
        for (int runRows : new int[] {1, 100}) {
            TableRealizationSink sink =
                    new TableRealizationSink(
                            insertOnly3(List.of(2), 0),
                            runRows,
                            spill,
                            MemoryBudget.Meter.UNLIMITED);
            sink.accept(Change.insert(Row.of(1, "a", 0.0)));
            sink.accept(Change.insert(Row.of(1, "a", -0.0)));
            sink.accept(Change.insert(Row.of(2, "b", 0.0)));
            sink.accept(Change.insert(Row.of(1, "a", 0.0)));
            assertThat(sink.answer().toString())
                    .as("runs of %d rows", runRows)
                    .isEqualTo("[[1, a, -0.0], [1, a, 0.0], [1, a, 0.0], [2, b, 0.0]]");
        }
    }

    @Test
    void theInMemorySortKeepsDistinctRowsInFirstArrivalOrderAmongTies(@TempDir Path spill) {
        for (int runRows : new int[] {1, 2, 100}) {
            TableRealizationSink sink =
                    new TableRealizationSink(
                            insertOnly3(List.of(0), 0),
                            runRows,
                            spill,
                            MemoryBudget.Meter.UNLIMITED);
            for (Row row :
                    List.of(
                            Row.of(1, "b", null),
                            Row.of(1, "a", null),
                            Row.of(0, "z", null),
                            Row.of(1, "b", null),
                            Row.of(null, "n", null))) {
                sink.accept(Change.insert(row));
            }
            assertThat(sink.answer().toString())
                    .as("runs of %d rows", runRows)
                    .isEqualTo(
                            "[[0, z, null], [1, b, null], [1, b, null], [1, a, null], [null, n, null]]");
        }
    }

    private static JobGraph insertOnly3(List<Integer> sort, long offset) {
        List<FieldSpec> fields =
                List.of(
                        new FieldSpec("k", ValueType.INTEGER, true),
                        new FieldSpec("s", ValueType.VARCHAR, true),
                        new FieldSpec("d", ValueType.DOUBLE, true));
        return new JobGraph(
                List.of(new ExecNode.Values(0, fields, List.of())),
                List.of("k", "s", "d"),
                3,
                List.of(),
                sort,
                offset,
                -1,
                null,
                null);
    }

    private static JobGraph insertOnly(List<Integer> sort, long offset, long limit) {
        return graph(new ExecNode.Values(0, FIELDS, List.of()), sort, offset, limit);
    }

    private static JobGraph retracting(List<Integer> sort, long offset, long limit) {
        ExecNode.GroupAggregate aggregate =
                new ExecNode.GroupAggregate(
                        1,
                        0,
                        FIELDS,
                        List.of(0),
                        List.of(List.of(0)),
                        List.of(
                                new AggregateCallSpec(
                                        AggregateKind.COUNT_STAR,
                                        -1,
                                        false,
                                        -1,
                                        null,
                                        ValueType.BIGINT,
                                        -1)));
        return graph(aggregate, sort, offset, limit);
    }

    private static JobGraph graph(ExecNode root, List<Integer> sort, long offset, long limit) {
        return new JobGraph(
                List.of(root), List.of("k", "seq"), 2, List.of(), sort, offset, limit, null, null);
    }
}
