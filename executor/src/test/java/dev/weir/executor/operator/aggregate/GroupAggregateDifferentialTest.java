package dev.weir.executor.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.ChangelogTable;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unbounded GROUP BY over random inserts, updates and deletes (with NULLs) against a batch
 * reference over the rows still present; every retraction must take back a row that is there.
 */
class GroupAggregateDifferentialTest {
    private static final List<AggregateCallSpec> CALLS =
            List.of(
                    new AggregateCallSpec(
                            AggregateKind.COUNT_STAR, -1, false, -1, null, ValueType.BIGINT, -1),
                    new AggregateCallSpec(
                            AggregateKind.SUM,
                            1,
                            false,
                            -1,
                            ValueType.DECIMAL,
                            ValueType.DECIMAL,
                            2),
                    new AggregateCallSpec(
                            AggregateKind.MIN,
                            1,
                            false,
                            -1,
                            ValueType.DECIMAL,
                            ValueType.DECIMAL,
                            2),
                    new AggregateCallSpec(
                            AggregateKind.MAX,
                            1,
                            false,
                            -1,
                            ValueType.DECIMAL,
                            ValueType.DECIMAL,
                            2),
                    new AggregateCallSpec(
                            AggregateKind.COUNT,
                            1,
                            true,
                            -1,
                            ValueType.DECIMAL,
                            ValueType.BIGINT,
                            -1),
                    new AggregateCallSpec(
                            AggregateKind.COUNT,
                            1,
                            false,
                            2,
                            ValueType.DECIMAL,
                            ValueType.BIGINT,
                            -1));

    static Stream<Object[]> cases() {
        return IntStream.range(0, 100)
                .boxed()
                .flatMap(seed -> Stream.of(new Object[] {seed, false}, new Object[] {seed, true}));
    }

    @ParameterizedTest(name = "seed={0} restore={1}")
    @MethodSource("cases")
    void changelogEqualsReference(int seed, boolean restore) {
        Random random = new Random(seed);
        OperatorHarness harness =
                new OperatorHarness(() -> new GroupAggregateOperator(List.of(0), CALLS));
        List<Row> live = new ArrayList<>();
        int steps = 400;
        for (int i = 0; i < steps; i++) {
            if (restore && i == steps / 2) {
                harness.snapshotAndRestore();
            }
            int action = random.nextInt(10);
            if (action < 6 || live.isEmpty()) {
                Row row = randomRow(random);
                live.add(row);
                harness.change(Change.insert(row));
            } else if (action < 8) {
                Row old = live.remove(random.nextInt(live.size()));
                harness.change(Change.delete(old));
            } else {
                Row old = live.remove(random.nextInt(live.size()));
                Row updated = Row.of(old.get(0), randomValue(random), random.nextBoolean());
                live.add(updated);
                harness.change(Change.updateBefore(old));
                harness.change(Change.updateAfter(updated));
            }
        }
        assertThat(ChangelogTable.of(harness.emitted()).sorted()).isEqualTo(reference(live));
        // Retracting every row left empties every group: a -D for each, no state left behind.
        for (Row row : live) {
            harness.change(Change.delete(row));
        }
        assertThat(ChangelogTable.of(harness.emitted()).sorted()).isEmpty();
        assertThat(harness.stateEntries("acc", RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("values", LongCodec.INSTANCE)).isZero();
    }

    private static Row randomRow(Random random) {
        String[] keys = {"x", "y", "z", null};
        return Row.of(keys[random.nextInt(keys.length)], randomValue(random), random.nextBoolean());
    }

    private static BigDecimal randomValue(Random random) {
        return random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(30) - 10, 2);
    }

    private static List<String> reference(List<Row> live) {
        Map<Object, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : live) {
            groups.computeIfAbsent(
                            row.get(0) == null ? "<null>" : row.get(0), k -> new ArrayList<>())
                    .add(row);
        }
        List<String> out = new ArrayList<>();
        groups.forEach(
                (key, rows) -> {
                    List<BigDecimal> values =
                            rows.stream()
                                    .map(r -> (BigDecimal) r.get(1))
                                    .filter(Objects::nonNull)
                                    .toList();
                    out.add(
                            Row.of(
                                            rows.get(0).get(0),
                                            (long) rows.size(),
                                            values.isEmpty()
                                                    ? null
                                                    : values.stream()
                                                            .reduce(
                                                                    BigDecimal.ZERO,
                                                                    BigDecimal::add)
                                                            .setScale(2),
                                            values.stream()
                                                    .min(Comparator.naturalOrder())
                                                    .orElse(null),
                                            values.stream()
                                                    .max(Comparator.naturalOrder())
                                                    .orElse(null),
                                            values.stream().distinct().count(),
                                            rows.stream()
                                                    .filter(
                                                            r ->
                                                                    r.get(1) != null
                                                                            && Boolean.TRUE.equals(
                                                                                    r.get(2)))
                                                    .count())
                                    .toString());
                });
        out.sort(String::compareTo);
        return out;
    }
}
