package dev.weir.executor.operator.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.ChangelogTable;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.RankKind;
import dev.weir.plan.SortKeySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Top-N over random inserts (and, over a retracting input, deletes) with NULLs and duplicate rows,
 * against a batch reference that ranks the rows still present: the changelog applied to a table
 * (every retraction taking back a row that is there) must equal the reference's top at every check,
 * on heap and RocksDB state, with a checkpoint and restore midway. Rows are ordered by all their
 * non-partition columns, so rows that tie are equal and the top is one answer.
 */
class RankDifferentialTest {
    private static final int STEPS = 300;

    static Stream<Arguments> heapCases() {
        List<Arguments> cases = new ArrayList<>();
        for (RankKind kind : RankKind.values()) {
            for (boolean rankNumber : new boolean[] {false, true}) {
                for (boolean retracting : new boolean[] {false, true}) {
                    for (int seed = 0; seed < 6; seed++) {
                        cases.add(Arguments.of(kind, rankNumber, retracting, seed % 2 == 1, seed));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} rankNumber={1} retracting={2} restore={3} seed={4}")
    @MethodSource("heapCases")
    void changelogEqualsReference(
            RankKind kind, boolean rankNumber, boolean retracting, boolean restore, int seed) {
        run(kind, rankNumber, retracting, restore, seed, null);
    }

    static Stream<Arguments> rocksDbCases() {
        List<Arguments> cases = new ArrayList<>();
        for (RankKind kind : RankKind.values()) {
            cases.add(Arguments.of(kind, true, true, true, 100 + kind.ordinal()));
            cases.add(Arguments.of(kind, false, false, true, 200 + kind.ordinal()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "rocksdb {0} rankNumber={1} retracting={2} restore={3} seed={4}")
    @MethodSource("rocksDbCases")
    void changelogEqualsReferenceOnRocksDb(
            RankKind kind,
            boolean rankNumber,
            boolean retracting,
            boolean restore,
            int seed,
            @TempDir Path dir) {
        run(kind, rankNumber, retracting, restore, seed, dir);
    }

    private static void run(
            RankKind kind,
            boolean rankNumber,
            boolean retracting,
            boolean restore,
            int seed,
            Path rocksDir) {
        Random random = new Random(seed * 7919L + kind.ordinal() * 31L + (rankNumber ? 1 : 0));
        long limit = 1 + random.nextInt(3);
        boolean descending = random.nextBoolean();
        boolean nullsFirst = random.nextBoolean();
        List<SortKeySpec> order =
                List.of(
                        new SortKeySpec(1, descending, nullsFirst),
                        new SortKeySpec(2, false, false));
        ExecNode.Rank node =
                new ExecNode.Rank(
                        1,
                        0,
                        List.of(
                                new FieldSpec("p", ValueType.VARCHAR, true),
                                new FieldSpec("v", ValueType.BIGINT, true),
                                new FieldSpec("w", ValueType.VARCHAR, false)),
                        kind,
                        List.of(0),
                        order,
                        limit,
                        rankNumber,
                        retracting ? ChangelogMode.RETRACT : ChangelogMode.INSERT_ONLY);
        Supplier<Operator> factory = () -> new RankOperator(node);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(factory)
                        : new OperatorHarness(
                                factory,
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        List<Row> live = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            if (restore && i == STEPS / 2) {
                harness.snapshotAndRestore();
            }
            if (retracting && !live.isEmpty() && random.nextInt(3) == 0) {
                Row old = live.remove(random.nextInt(live.size()));
                harness.change(
                        random.nextBoolean() ? Change.delete(old) : Change.updateBefore(old));
            } else {
                Row row = randomRow(random);
                live.add(row);
                harness.change(random.nextBoolean() ? Change.insert(row) : Change.updateAfter(row));
            }
            if (i % 25 == 24) {
                assertThat(ChangelogTable.of(harness.emitted()).sorted())
                        .as("after %d changes", i + 1)
                        .isEqualTo(
                                reference(live, kind, limit, rankNumber, descending, nullsFirst));
            }
            if (!retracting && kind == RankKind.ROW_NUMBER) {
                // Insert-only input: at most N rows per partition (3 partitions) stay in state.
                assertThat(harness.stateEntries("rows", RowCodec.INSTANCE))
                        .isLessThanOrEqualTo(3 * limit);
            }
        }
        if (retracting) {
            for (Row row : live) {
                harness.change(Change.delete(row));
            }
            assertThat(ChangelogTable.of(harness.emitted()).sorted()).isEmpty();
            assertThat(harness.stateEntries("rows", RowCodec.INSTANCE)).isZero();
            assertThat(harness.stateEntries("arrivals", RowCodec.INSTANCE)).isZero();
        }
    }

    private static Row randomRow(Random random) {
        String[] partitions = {"x", "y", null};
        String[] payloads = {"a", "b"};
        Long v = random.nextInt(6) == 0 ? null : (long) random.nextInt(8);
        return Row.of(
                partitions[random.nextInt(partitions.length)],
                v,
                payloads[random.nextInt(payloads.length)]);
    }

    /** The top of each partition of {@code live}, ranked by its definition in SQL. */
    private static List<String> reference(
            List<Row> live,
            RankKind kind,
            long limit,
            boolean rankNumber,
            boolean descending,
            boolean nullsFirst) {
        Comparator<Long> values = Comparator.naturalOrder();
        Comparator<Long> byValue =
                nullsFirst
                        ? Comparator.nullsFirst(descending ? values.reversed() : values)
                        : Comparator.nullsLast(descending ? values.reversed() : values);
        Comparator<Row> order =
                Comparator.comparing((Row r) -> (Long) r.get(1), byValue)
                        .thenComparing(r -> (String) r.get(2));
        Map<Object, List<Row>> partitions = new LinkedHashMap<>();
        for (Row row : live) {
            partitions
                    .computeIfAbsent(Objects.toString(row.get(0)), k -> new ArrayList<>())
                    .add(row);
        }
        List<String> out = new ArrayList<>();
        for (List<Row> rows : partitions.values()) {
            rows.sort(order);
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                long better = 0;
                long distinctBetter = 0;
                Row last = null;
                for (Row other : rows) {
                    if (order.compare(other, row) < 0) {
                        better++;
                        if (last == null || order.compare(last, other) != 0) {
                            distinctBetter++;
                        }
                        last = other;
                    }
                }
                long number =
                        switch (kind) {
                            case ROW_NUMBER -> i + 1;
                            case RANK -> better + 1;
                            case DENSE_RANK -> distinctBetter + 1;
                        };
                if (number <= limit) {
                    out.add((rankNumber ? row.append(number) : row).toString());
                }
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
