package dev.weir.executor.operator.over;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.OverAggregate;
import dev.weir.plan.OverFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OVER aggregates over random out-of-order rows (NULL partitions, values and times, ties in time,
 * late rows), against a brute-force reference that recomputes each row's frame from every row kept:
 * after every watermark the operator's output must be exactly the reference's rows whose time the
 * watermark has passed, with exactly the reference's late rows dropped; on heap and RocksDB state,
 * with a checkpoint and restore midway. Rows are {@code (p, v, ts, n)}: n numbers the rows, so
 * every output row is one input row's.
 */
class OverAggregateDifferentialTest {
    private static final int STEPS = 400;

    private static final List<OverFrame> FRAMES =
            List.of(
                    OverFrame.unboundedRows(),
                    OverFrame.unboundedRange(),
                    OverFrame.rows(0),
                    OverFrame.rows(1),
                    OverFrame.rows(3),
                    OverFrame.range(0),
                    OverFrame.range(2),
                    OverFrame.range(5));

    static Stream<Arguments> heapCases() {
        List<Arguments> cases = new ArrayList<>();
        for (OverFrame frame : FRAMES) {
            for (int seed = 0; seed < 4; seed++) {
                cases.add(Arguments.of(frame, seed % 2 == 1, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} restore={1} seed={2}")
    @MethodSource("heapCases")
    void outputEqualsReference(OverFrame frame, boolean restore, int seed) {
        run(frame, restore, seed, null);
    }

    static Stream<Arguments> rocksDbCases() {
        return FRAMES.stream().map(f -> Arguments.of(f, true, 100 + FRAMES.indexOf(f)));
    }

    @ParameterizedTest(name = "rocksdb {0} restore={1} seed={2}")
    @MethodSource("rocksDbCases")
    void outputEqualsReferenceOnRocksDb(
            OverFrame frame, boolean restore, int seed, @TempDir Path dir) {
        run(frame, restore, seed, dir);
    }

    private static final List<AggregateCallSpec> CALLS =
            List.of(
                    call(AggregateKind.COUNT_STAR, -1),
                    call(AggregateKind.COUNT, 1),
                    call(AggregateKind.SUM, 1),
                    call(AggregateKind.MIN, 1),
                    call(AggregateKind.MAX, 1),
                    call(AggregateKind.AVG, 1));

    private static AggregateCallSpec call(AggregateKind kind, int argument) {
        boolean count = kind == AggregateKind.COUNT || kind == AggregateKind.COUNT_STAR;
        return new AggregateCallSpec(
                kind,
                argument,
                false,
                -1,
                argument < 0 ? null : ValueType.BIGINT,
                ValueType.BIGINT,
                -1);
    }

    static OverAggregate node(OverFrame frame, List<Integer> partitionKeys) {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(new FieldSpec("p", ValueType.VARCHAR, true));
        fields.add(new FieldSpec("v", ValueType.BIGINT, true));
        fields.add(new FieldSpec("ts", ValueType.TIMESTAMP, true));
        fields.add(new FieldSpec("n", ValueType.BIGINT, false));
        for (AggregateCallSpec c : CALLS) {
            fields.add(
                    new FieldSpec(
                            c.kind().name().toLowerCase(java.util.Locale.ROOT),
                            c.resultType(),
                            true));
        }
        return new OverAggregate(1, 0, fields, partitionKeys, 2, frame, CALLS);
    }

    private static void run(OverFrame frame, boolean restore, int seed, Path rocksDir) {
        Random random = new Random(seed * 7919L + FRAMES.indexOf(frame) * 31L);
        boolean partitioned = random.nextInt(4) != 0;
        OverAggregate node = node(frame, partitioned ? List.of(0) : List.of());
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(() -> new OverAggregateOperator(node))
                        : new OperatorHarness(
                                () -> new OverAggregateOperator(node),
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        List<Row> kept = new ArrayList<>();
        long watermark = Watermarks.NONE;
        long maxTime = 1_000;
        long late = 0;
        long nullTimes = 0;
        for (int i = 0; i < STEPS; i++) {
            if (restore && i == STEPS / 2) {
                harness.snapshotAndRestore();
            }
            if (random.nextInt(8) == 0) {
                // The watermark trails the largest time by up to 4: later rows may be out of order
                // by that much without being late, and some come later still.
                long next = maxTime - random.nextInt(5);
                if (next > watermark) {
                    watermark = next;
                    harness.watermark(watermark);
                    check(harness, kept, frame, partitioned, watermark, i);
                }
                continue;
            }
            Row row = randomRow(random, i, maxTime);
            Long ts = (Long) row.get(2);
            if (ts == null) {
                nullTimes++;
            } else if (ts <= watermark) {
                late++;
            } else {
                kept.add(row);
                maxTime = Math.max(maxTime, ts);
            }
            harness.change(Change.insert(row));
        }
        harness.watermark(Watermarks.END);
        check(harness, kept, frame, partitioned, Watermarks.END, STEPS);
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(late);
        assertThat(harness.metrics().nullTimeRowsDropped()).isEqualTo(nullTimes);
        assertThat(harness.stateEntries("waiting", RowCodec.INSTANCE)).isZero();
        long partitions = partitioned ? 3 : 1;
        long frameRows = harness.stateEntries("frame", RowCodec.INSTANCE);
        if (frame.unbounded()) {
            assertThat(frameRows).isZero();
        } else if (frame.unit() == OverFrame.Unit.ROWS) {
            assertThat(frameRows).isLessThanOrEqualTo(partitions * frame.preceding());
        }
        assertThat(harness.emittedWatermarks()).last().isEqualTo(Watermarks.END);
    }

    private static Row randomRow(Random random, int n, long maxTime) {
        String[] partitions = {"x", "y", null};
        Long v = random.nextInt(5) == 0 ? null : (long) random.nextInt(10) - 3;
        // Mostly ahead of the watermark, out of order; sometimes well behind it (late).
        Long ts =
                random.nextInt(40) == 0
                        ? null
                        : random.nextInt(10) == 0
                                ? maxTime - 5 - random.nextInt(5)
                                : maxTime - 3 + random.nextInt(6);
        return Row.of(partitions[random.nextInt(partitions.length)], v, ts, (long) n);
    }

    private static void check(
            OperatorHarness harness,
            List<Row> kept,
            OverFrame frame,
            boolean partitioned,
            long watermark,
            int step) {
        for (Change c : harness.emitted()) {
            assertThat(c.kind()).isEqualTo(RowKind.INSERT);
        }
        List<String> actual =
                harness.emitted().stream().map(c -> c.row().toString()).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (Row row : kept) {
            if ((Long) row.get(2) <= watermark) {
                expected.add(row.append(reference(row, kept, frame, partitioned)).toString());
            }
        }
        expected.sort(String::compareTo);
        assertThat(actual).as("after step %d, watermark %d", step, watermark).isEqualTo(expected);
    }

    /** The aggregates of {@code row}'s frame, recomputed from every kept row. */
    private static Object[] reference(
            Row row, List<Row> kept, OverFrame frame, boolean partitioned) {
        long ts = (Long) row.get(2);
        long n = (Long) row.get(3);
        List<Row> partition =
                kept.stream()
                        .filter(r -> !partitioned || Objects.equals(r.get(0), row.get(0)))
                        .toList();
        List<Row> inFrame = new ArrayList<>();
        if (frame.unit() == OverFrame.Unit.RANGE) {
            for (Row r : partition) {
                long t = (Long) r.get(2);
                if (t <= ts && (frame.unbounded() || t >= ts - frame.preceding())) {
                    inFrame.add(r);
                }
            }
        } else {
            // Rows before this one in (time, arrival) order; arrival is n's order.
            List<Row> before = new ArrayList<>();
            for (Row r : partition) {
                long t = (Long) r.get(2);
                if (t < ts || t == ts && (Long) r.get(3) <= n) {
                    before.add(r);
                }
            }
            before.sort(
                    (a, b) -> {
                        int c = Long.compare((Long) a.get(2), (Long) b.get(2));
                        return c != 0 ? c : Long.compare((Long) a.get(3), (Long) b.get(3));
                    });
            int from =
                    frame.unbounded()
                            ? 0
                            : (int) Math.max(0, before.size() - 1 - frame.preceding());
            inFrame.addAll(before.subList(from, before.size()));
        }
        long count = 0;
        long sum = 0;
        Long min = null;
        Long max = null;
        for (Row r : inFrame) {
            Long v = (Long) r.get(1);
            if (v == null) {
                continue;
            }
            count++;
            sum += v;
            min = min == null ? v : Math.min(min, v);
            max = max == null ? v : Math.max(max, v);
        }
        return new Object[] {
            (long) inFrame.size(),
            count,
            count == 0 ? null : sum,
            min,
            max,
            count == 0 ? null : sum / count
        };
    }
}
