package dev.weir.executor.operator.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.RankKind;
import dev.weir.plan.SortKeySpec;
import dev.weir.plan.WindowRank;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window Top-N over random out-of-order rows of tumbling windows (NULL keys and values, ties, late
 * rows, and for a retracting input retractions of rows still in an open window), against a
 * brute-force reference that ranks each completed window's rows from scratch: after every watermark
 * the operator's output must be exactly the reference's top rows of the windows the watermark has
 * passed, each once, insert-only; late rows dropped and counted; no state left at the end; on heap
 * and RocksDB state, with a checkpoint and restore midway. Rows are {@code (k, v, window_start,
 * window_end, n)}: n numbers the rows in arrival order, which is how ties are broken (earlier first
 * when ORDER BY v is ASC, later first when DESC).
 */
class WindowRankDifferentialTest {
    private static final int STEPS = 500;
    private static final long SIZE = 10;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 0;
        for (RankKind kind : RankKind.values()) {
            for (long limit : new long[] {1, 2, 3}) {
                for (ChangelogMode mode : ChangelogMode.values()) {
                    cases.add(Arguments.of(kind, limit, mode, seed % 2 == 0, seed));
                    seed++;
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} limit={1} input={2} descending={3} seed={4}")
    @MethodSource("cases")
    void outputEqualsReference(
            RankKind kind, long limit, ChangelogMode mode, boolean descending, int seed) {
        run(kind, limit, mode, descending, seed, null);
    }

    static Stream<Arguments> rocksDbCases() {
        return cases().filter(a -> (Integer) a.get()[4] % 3 == 0);
    }

    @ParameterizedTest(name = "rocksdb {0} limit={1} input={2} descending={3} seed={4}")
    @MethodSource("rocksDbCases")
    void outputEqualsReferenceOnRocksDb(
            RankKind kind,
            long limit,
            ChangelogMode mode,
            boolean descending,
            int seed,
            @TempDir Path dir) {
        run(kind, limit, mode, descending, 100 + seed, dir);
    }

    /** The rank number is appended when asked for, and rows of one window come out in its order. */
    @Test
    void emitsEachWindowsTopOnceWithItsNumber() {
        WindowRank node = node(RankKind.RANK, 2, ChangelogMode.INSERT_ONLY, true, true, false);
        OperatorHarness harness = new OperatorHarness(() -> new WindowRankOperator(node));
        harness.insert("a", 5L, 0L, 10L, 0L);
        harness.insert("b", 7L, 0L, 10L, 1L);
        harness.insert("c", 7L, 0L, 10L, 2L);
        harness.insert("d", 9L, 10L, 20L, 3L);
        harness.watermark(9);
        assertThat(harness.emitted()).isEmpty();
        harness.watermark(10);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[c, 7, 0, 10, 2, 1]", "+I[b, 7, 0, 10, 1, 1]");
        harness.insert("e", 1L, 5L, 10L, 4L);
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(1);
        harness.watermark(Watermarks.END);
        assertThat(harness.emittedStrings())
                .containsExactly(
                        "+I[c, 7, 0, 10, 2, 1]", "+I[b, 7, 0, 10, 1, 1]", "+I[d, 9, 10, 20, 3, 1]");
        assertThat(harness.emittedWatermarks()).containsExactly(9L, 10L, Watermarks.END);
    }

    static WindowRank node(
            RankKind kind,
            long limit,
            ChangelogMode mode,
            boolean descending,
            boolean rankNumber,
            boolean byKey) {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(new FieldSpec("k", ValueType.VARCHAR, true));
        fields.add(new FieldSpec("v", ValueType.BIGINT, true));
        fields.add(new FieldSpec("window_start", ValueType.TIMESTAMP, false));
        fields.add(new FieldSpec("window_end", ValueType.TIMESTAMP, false));
        fields.add(new FieldSpec("n", ValueType.BIGINT, false));
        if (rankNumber) {
            fields.add(new FieldSpec("rownum", ValueType.BIGINT, false));
        }
        return new WindowRank(
                1,
                0,
                fields,
                kind,
                byKey ? List.of(0, 2, 3) : List.of(2, 3),
                2,
                3,
                List.of(new SortKeySpec(1, descending, descending)),
                limit,
                rankNumber,
                mode);
    }

    private static void run(
            RankKind kind,
            long limit,
            ChangelogMode mode,
            boolean descending,
            int seed,
            Path rocksDir) {
        Random random = new Random(seed * 7919L + 17);
        boolean byKey = random.nextBoolean();
        boolean rankNumber = random.nextBoolean();
        boolean restore = random.nextBoolean();
        WindowRank node = node(kind, limit, mode, descending, rankNumber, byKey);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(() -> new WindowRankOperator(node))
                        : new OperatorHarness(
                                () -> new WindowRankOperator(node),
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        List<Row> kept = new ArrayList<>();
        long watermark = Watermarks.NONE;
        long maxTime = 1_000;
        long late = 0;
        for (int i = 0; i < STEPS; i++) {
            if (restore && i == STEPS / 2) {
                harness.snapshotAndRestore();
            }
            int dice = random.nextInt(10);
            if (dice == 0) {
                // The watermark trails the largest time by up to 12: rows of the last window or
                // two stay open, later rows of older windows are late.
                long next = maxTime - random.nextInt(13);
                if (next > watermark) {
                    watermark = next;
                    harness.watermark(watermark);
                    check(harness, kept, node, watermark, i);
                }
                continue;
            }
            if (dice == 1 && mode == ChangelogMode.RETRACT) {
                long open = watermark;
                List<Row> retractable = kept.stream().filter(r -> end(r) > open).toList();
                if (!retractable.isEmpty()) {
                    Row row = retractable.get(random.nextInt(retractable.size()));
                    kept.remove(row);
                    harness.change(
                            new Change(
                                    random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE,
                                    row));
                    continue;
                }
            }
            long t = random.nextInt(6) == 0 ? maxTime - 25 : maxTime - 8 + random.nextInt(12);
            long start = Math.floorDiv(t, SIZE) * SIZE;
            String[] keys = {"x", "y", null};
            Long v = random.nextInt(6) == 0 ? null : (long) random.nextInt(5);
            Row row = Row.of(keys[random.nextInt(keys.length)], v, start, start + SIZE, (long) i);
            if (start + SIZE <= watermark) {
                late++;
            } else {
                kept.add(row);
                maxTime = Math.max(maxTime, t);
            }
            harness.change(
                    mode == ChangelogMode.RETRACT && random.nextBoolean()
                            ? Change.updateAfter(row)
                            : Change.insert(row));
        }
        harness.watermark(Watermarks.END);
        check(harness, kept, node, Watermarks.END, STEPS);
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(late).isPositive();
        assertThat(harness.emitted()).hasSizeGreaterThan(20);
        assertThat(harness.stateEntries("rows", RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("arrivals", RowCodec.INSTANCE)).isZero();
        assertThat(harness.emittedWatermarks()).last().isEqualTo(Watermarks.END);
        // RocksDB's files are released before the temporary directory is deleted.
        harness.close();
    }

    private static long end(Row row) {
        return (Long) row.get(3);
    }

    private static void check(
            OperatorHarness harness, List<Row> kept, WindowRank node, long watermark, int step) {
        for (Change c : harness.emitted()) {
            assertThat(c.kind()).isEqualTo(RowKind.INSERT);
        }
        List<String> actual =
                harness.emitted().stream().map(c -> c.row().toString()).sorted().toList();
        List<String> expected = reference(kept, node, watermark);
        assertThat(actual).as("after step %d, watermark %d", step, watermark).isEqualTo(expected);
    }

    /** The top rows of every completed window, ranked from scratch, as sorted strings. */
    private static List<String> reference(List<Row> kept, WindowRank node, long watermark) {
        boolean descending = node.order().get(0).descending();
        boolean byKey = node.partitionKeys().size() == 3;
        List<Row> done = kept.stream().filter(r -> end(r) <= watermark).toList();
        List<String> out = new ArrayList<>();
        List<List<Object>> partitions =
                done.stream()
                        .map(r -> List.<Object>of(byKey ? Objects.toString(r.get(0)) : "", end(r)))
                        .distinct()
                        .toList();
        // NULLs come first DESC, last ASC; ties by arrival: later first DESC, earlier first ASC.
        Comparator<Row> byValue =
                Comparator.comparing(
                        (Row r) -> (Long) r.get(1),
                        Comparator.nullsLast(Comparator.<Long>naturalOrder()));
        Comparator<Row> byArrival = Comparator.comparing((Row r) -> (Long) r.get(4));
        Comparator<Row> order =
                descending
                        ? byValue.reversed().thenComparing(byArrival.reversed())
                        : byValue.thenComparing(byArrival);
        for (List<Object> p : partitions) {
            List<Row> rows =
                    done.stream()
                            .filter(
                                    r ->
                                            end(r) == (Long) p.get(1)
                                                    && (!byKey
                                                            || Objects.toString(r.get(0))
                                                                    .equals(p.get(0))))
                            .sorted(order)
                            .toList();
            long number = 0;
            long dense = 0;
            for (int i = 0; i < rows.size(); i++) {
                boolean tied = i > 0 && Objects.equals(rows.get(i - 1).get(1), rows.get(i).get(1));
                if (!tied) {
                    number = i + 1;
                    dense++;
                }
                long n =
                        switch (node.kind()) {
                            case ROW_NUMBER -> i + 1;
                            case RANK -> number;
                            case DENSE_RANK -> dense;
                        };
                if (n > node.limit()) {
                    break;
                }
                Row row = rows.get(i);
                out.add((node.rankNumber() ? row.append(n) : row).toString());
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
