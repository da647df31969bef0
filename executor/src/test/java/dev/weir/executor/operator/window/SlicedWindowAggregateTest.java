package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sliced window aggregate against the one keeping an accumulator per window, on the same random
 * out-of-order input with late rows, NULL keys, values and times: the same changes in the same
 * order, the same rows dropped as late, and no state left at the end. Input rows are (key, time,
 * value).
 */
class SlicedWindowAggregateTest {
    private static final long DELAY = 1_000;
    private static final List<AggregateCallSpec> CALLS =
            List.of(
                    call(AggregateKind.COUNT_STAR, -1),
                    call(AggregateKind.COUNT, 2),
                    call(AggregateKind.SUM, 2),
                    call(AggregateKind.MIN, 2),
                    call(AggregateKind.MAX, 2),
                    call(AggregateKind.AVG, 2));

    private static AggregateCallSpec call(AggregateKind kind, int argument) {
        return new AggregateCallSpec(
                kind,
                argument,
                false,
                -1,
                argument < 0 ? null : ValueType.BIGINT,
                ValueType.BIGINT,
                -1);
    }

    /** Assigners: one slice per window, windows of several slices, gaps, cumulating windows. */
    private static WindowAssigner assigner(String name) {
        return switch (name) {
            case "TUMBLE" -> WindowAssigners.tumble(1_000, 0);
            case "TUMBLE offset" -> WindowAssigners.tumble(1_000, 300);
            case "HOP" -> WindowAssigners.hop(500, 1_500, 0);
            case "HOP gcd" -> WindowAssigners.hop(400, 1_000, 100);
            case "HOP gaps" -> WindowAssigners.hop(700, 500, 0);
            case "CUMULATE" -> WindowAssigners.cumulate(400, 1_200, 0);
            case "CUMULATE offset" -> WindowAssigners.cumulate(300, 1_500, 200);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String name :
                List.of(
                        "TUMBLE",
                        "TUMBLE offset",
                        "HOP",
                        "HOP gcd",
                        "HOP gaps",
                        "CUMULATE",
                        "CUMULATE offset")) {
            for (boolean restore : List.of(false, true)) {
                for (int seed = 0; seed < 15; seed++) {
                    cases.add(Arguments.of(name, restore, seed));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} restore={1} seed={2}")
    @MethodSource("cases")
    void sameChangesAsOneAccumulatorPerWindow(String name, boolean restore, int seed) {
        compare(name, restore, seed, null);
    }

    @ParameterizedTest(name = "rocksdb {0} seed={2}")
    @MethodSource("rocksDbCases")
    void sameChangesOnRocksDb(String name, boolean restore, int seed, @TempDir Path dir) {
        compare(name, restore, seed, dir);
    }

    static Stream<Arguments> rocksDbCases() {
        return Stream.of(
                Arguments.of("HOP", true, 1),
                Arguments.of("HOP gaps", true, 2),
                Arguments.of("CUMULATE", true, 3));
    }

    @Test
    void theFactoryPicksSlicesOnlyWhereTheResultsAreTheSame() {
        WindowAssigner hop = assigner("HOP");
        assertThat(WindowAggregates.of(List.of(0), 1, hop, CALLS, true, 0))
                .isInstanceOf(SlicedWindowAggregateOperator.class);
        assertThat(WindowAggregates.of(List.of(0), 1, hop, CALLS, false, 0))
                .isInstanceOf(WindowAggregateOperator.class);
        assertThat(WindowAggregates.of(List.of(0), 1, hop, CALLS, true, 10))
                .isInstanceOf(WindowAggregateOperator.class);
        List<AggregateCallSpec> distinct =
                List.of(
                        new AggregateCallSpec(
                                AggregateKind.COUNT,
                                2,
                                true,
                                -1,
                                ValueType.BIGINT,
                                ValueType.BIGINT,
                                -1));
        assertThat(WindowAggregates.of(List.of(0), 1, hop, distinct, true, 0))
                .isInstanceOf(WindowAggregateOperator.class);
    }

    @Test
    void aHopRowIsKeptOnceAndItsSliceGoesWithItsLastWindow() {
        OperatorHarness h =
                new OperatorHarness(
                        () ->
                                new SlicedWindowAggregateOperator(
                                        List.of(0),
                                        1,
                                        (SliceAssigner) WindowAssigners.hop(2, 6, 0),
                                        List.of(call(AggregateKind.SUM, 2))));
        h.insert("k", 5L, 1L); // slice [4, 6): windows [0, 6), [2, 8), [4, 10)
        h.insert("k", 7L, 10L); // slice [6, 8): windows [2, 8), [4, 10), [6, 12)
        assertThat(h.stateEntries("slices", RowCodec.INSTANCE)).isEqualTo(2);
        assertThat(h.stateEntries("timers", RowCodec.INSTANCE)).isEqualTo(4);
        h.watermark(8);
        assertThat(h.emittedStrings()).containsExactly("+I[k, 0, 6, 1]", "+I[k, 2, 8, 11]");
        h.watermark(10); // the last window of slice [4, 6)
        assertThat(h.stateEntries("slices", RowCodec.INSTANCE)).isEqualTo(1);
        h.insert("k", 5L, 100L); // every window of slice [4, 6) has fired: late
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        h.insert("k", 6L, 100L); // [6, 12) is still open
        h.watermark(Watermarks.END);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[k, 0, 6, 1]",
                        "+I[k, 2, 8, 11]",
                        "+I[k, 4, 10, 11]",
                        "+I[k, 6, 12, 110]");
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertThat(h.stateEntries("slices", RowCodec.INSTANCE)).isZero();
        assertThat(h.stateEntries("timers", RowCodec.INSTANCE)).isZero();
    }

    private static void compare(String name, boolean restore, int seed, Path rocksDir) {
        Random random = new Random(seed * 131L + name.hashCode());
        List<Row> rows = randomRows(random, 300);
        WindowAssigner assigner = assigner(name);
        OperatorHarness sliced =
                harness(
                        () ->
                                new SlicedWindowAggregateOperator(
                                        List.of(0), 1, (SliceAssigner) assigner, CALLS),
                        rocksDir);
        OperatorHarness perWindow =
                harness(
                        () -> new WindowAggregateOperator(List.of(0), 1, assigner, CALLS, true, 0),
                        null);
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            if (restore && i == rows.size() / 2) {
                sliced.snapshotAndRestore();
            }
            Row row = rows.get(i);
            sliced.insert(row.toArray());
            perWindow.insert(row.toArray());
            if (row.get(1) != null && (Long) row.get(1) > maxTime) {
                maxTime = (Long) row.get(1);
                sliced.watermark(maxTime - DELAY);
                perWindow.watermark(maxTime - DELAY);
            }
        }
        sliced.watermark(Watermarks.END);
        perWindow.watermark(Watermarks.END);

        assertThat(perWindow.emitted()).isNotEmpty();
        assertThat(sliced.emitted()).isEqualTo(perWindow.emitted());
        assertThat(sliced.metrics().lateRowsDropped())
                .isEqualTo(perWindow.metrics().lateRowsDropped());
        assertThat(sliced.stateEntries("slices", RowCodec.INSTANCE)).isZero();
        assertThat(sliced.stateEntries("timers", RowCodec.INSTANCE)).isZero();
        assertThat(sliced.stateEntries("values", LongCodec.INSTANCE)).isZero();
        sliced.close();
        perWindow.close();
    }

    private static OperatorHarness harness(Supplier<Operator> factory, Path rocksDir) {
        return rocksDir == null
                ? new OperatorHarness(factory)
                : new OperatorHarness(
                        factory,
                        RocksDbStateBackend.open(rocksDir.resolve("live")),
                        RocksDbStateBackend::restore);
    }

    /** Rows (key, time, value): times drift forward with jitter, some far behind, some negative. */
    private static List<Row> randomRows(Random random, int count) {
        List<Row> rows = new ArrayList<>();
        String[] keys = {"a", "b", "c", null};
        long base = random.nextBoolean() ? 10_000 : -9_000;
        for (int i = 0; i < count; i++) {
            long time = base + i * 60L + random.nextInt(1_600) - 1_200;
            if (random.nextInt(20) == 0) {
                time -= 4_000;
            }
            Long value = random.nextInt(10) == 0 ? null : (long) random.nextInt(20) - 5;
            rows.add(
                    Row.of(
                            keys[random.nextInt(keys.length)],
                            random.nextInt(40) == 0 ? null : time,
                            value));
        }
        return rows;
    }
}
