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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
