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
import dev.weir.plan.ResultExpiry;
import dev.weir.plan.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** EMIT STREAM's {@code ver}: exact numbers, and versions kept only as long as they can change. */
class StreamRealizationSinkTest {
    private static final List<FieldSpec> WINDOW_FIELDS =
            List.of(
                    new FieldSpec("k", ValueType.VARCHAR, true),
                    new FieldSpec("window_start", ValueType.TIMESTAMP, false),
                    new FieldSpec("window_end", ValueType.TIMESTAMP, false),
                    new FieldSpec("n", ValueType.BIGINT, false));

    @Test
    void anInsertOnlyResultNumbersEveryRowZeroAndKeepsNothing() throws Exception {
        ExecNode.Values values =
                new ExecNode.Values(
                        0, List.of(new FieldSpec("v", ValueType.INTEGER, true)), List.of());
        ContinuousQuery query = query();
        StreamRealizationSink sink = new StreamRealizationSink(query, graph(values, null), () -> 7);

        sink.accept(Change.insert(Row.of(1)));
        sink.accept(Change.insert(Row.of(1)));
        sink.accept(Change.insert(Row.of(2)));

        assertThat(versionsOf(query, 3)).containsExactly(0L, 0L, 0L);
        assertThat(sink.keptVersions()).isZero();
    }

    @Test
    void aWindowsKeysAreNumberedUntilTheWatermarkEndsTheWindowThenForgotten() throws Exception {
        ContinuousQuery query = query();
        StreamRealizationSink sink =
                new StreamRealizationSink(
                        query, graph(windowCounts(0), new ResultExpiry(2, 0)), () -> 7);

        sink.accept(Change.insert(Row.of("a", 0L, 10L, 1L)));
        sink.accept(Change.updateBefore(Row.of("a", 0L, 10L, 1L)));
        sink.accept(Change.updateAfter(Row.of("a", 0L, 10L, 2L)));
        sink.accept(Change.insert(Row.of("a", 10L, 20L, 1L)));
        assertThat(sink.keptVersions()).isEqualTo(2);

        sink.watermark(9);
        assertThat(sink.keptVersions()).isEqualTo(2);
        sink.watermark(10);
        assertThat(sink.keptVersions()).isEqualTo(1);
        sink.accept(Change.updateBefore(Row.of("a", 10L, 20L, 1L)));
        sink.accept(Change.updateAfter(Row.of("a", 10L, 20L, 2L)));
        sink.watermark(25);
        assertThat(sink.keptVersions()).isZero();

        assertThat(versionsOf(query, 6)).containsExactly(0L, 1L, 2L, 0L, 1L, 2L);
    }

    @Test
    void theAllowedLatenessKeepsAWindowsNumbersThatMuchLonger() throws Exception {
        ContinuousQuery query = query();
        StreamRealizationSink sink =
                new StreamRealizationSink(
                        query, graph(windowCounts(5), new ResultExpiry(2, 5)), () -> 7);

        sink.accept(Change.insert(Row.of("a", 0L, 10L, 1L)));
        sink.watermark(14);
        sink.accept(Change.updateBefore(Row.of("a", 0L, 10L, 1L)));
        sink.accept(Change.updateAfter(Row.of("a", 0L, 10L, 2L)));
        assertThat(sink.keptVersions()).isEqualTo(1);
        sink.watermark(15);
        assertThat(sink.keptVersions()).isZero();

        assertThat(versionsOf(query, 3)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anUpdatingResultWithoutWindowsKeepsOneNumberPerKey() throws Exception {
        ContinuousQuery query = query();
        StreamRealizationSink sink =
                new StreamRealizationSink(query, graph(windowCounts(0), null), () -> 7);

        sink.accept(Change.insert(Row.of("a", 0L, 10L, 1L)));
        sink.accept(Change.insert(Row.of("b", 0L, 10L, 1L)));
        sink.watermark(1_000);
        sink.accept(Change.updateBefore(Row.of("a", 0L, 10L, 1L)));

        assertThat(versionsOf(query, 3)).containsExactly(0L, 0L, 1L);
        assertThat(sink.keptVersions()).isEqualTo(2);
    }

    private static ExecNode.WindowAggregate windowCounts(long lateness) {
        return new ExecNode.WindowAggregate(
                0,
                0,
                WINDOW_FIELDS,
                new WindowSpec(WindowSpec.Kind.TUMBLE, 10, 0, 0, List.of()),
                1,
                List.of(0),
                List.of(
                        new AggregateCallSpec(
                                AggregateKind.COUNT_STAR,
                                -1,
                                false,
                                -1,
                                null,
                                ValueType.BIGINT,
                                -1)),
                false,
                lateness);
    }

    private static JobGraph graph(ExecNode root, ResultExpiry expiry) {
        List<String> names = root.fields().stream().map(FieldSpec::name).toList();
        List<Integer> key = root instanceof ExecNode.Values ? List.of() : List.of(0, 1, 2);
        return new JobGraph(
                List.of(root), names, names.size(), key, List.of(), 0, -1, null, expiry);
    }

    private static ContinuousQuery query() {
        return new ContinuousQuery("q1", "SELECT ...", List.of(), Optional.empty(), 100);
    }

    private static List<Long> versionsOf(ContinuousQuery query, int rows) throws Exception {
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Object[] row = query.next(1, TimeUnit.SECONDS).orElseThrow();
            versions.add((Long) row[row.length - 1]);
        }
        return versions;
    }
}
