package dev.weir.executor.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.IntervalJoinNode;
import dev.weir.plan.JoinKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interval join operator against a nested-loop reference: rows (key, time, value) on both
 * sides, out of order within each input's watermark delay, some late (at or below their own input's
 * watermark), some with a NULL key or time, duplicates; for every join kind, with and without a
 * residual condition and NULL-safe keys, over random bounds (an empty interval among them). Once
 * both inputs end, what it emitted must be the SQL join of the rows that were not late, with no
 * retraction; every row must be emitted above the watermark it had passed on (not late downstream);
 * and no state may be left. Half the runs checkpoint and restore midway.
 */
class IntervalJoinDifferentialTest {
    private static final int ARITY = 3;
    private static final int TIME = 1;

    /** The residual condition: left.value < right.value, on (l.k, l.t, l.v, r.k, r.t, r.v). */
    private static final Calc LESS_THAN =
            (in, out) -> in[2] != null && in[5] != null && (Integer) in[2] < (Integer) in[5];

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinKind kind :
                List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL)) {
            for (int seed = 0; seed < 12; seed++) {
                cases.add(Arguments.of(kind, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "heap {0} seed={1}")
    @MethodSource("cases")
    void emitsTheJoinOfTheRowsNotLate(JoinKind kind, int seed) {
        run(kind, seed, null);
    }

    static Stream<Arguments> rocksDbCases() {
        return cases().filter(a -> (Integer) a.get()[1] < 4);
    }

    @ParameterizedTest(name = "rocksdb {0} seed={1}")
    @MethodSource("rocksDbCases")
    void emitsTheJoinOfTheRowsNotLateOnRocksDb(JoinKind kind, int seed, @TempDir Path dir) {
        run(kind, seed, dir);
    }

    /** The bounds of one run, and its parameters. */
    private record Setup(long lower, long upper, boolean condition, boolean nullSafe) {}

    private static IntervalJoinNode node(JoinKind kind, Setup setup) {
        List<FieldSpec> fields = List.of(); // the operator reads the inputs' arities, not these
        return new IntervalJoinNode(
                1,
                0,
                0,
                fields,
                kind,
                List.of(0),
                List.of(0),
                List.of(setup.nullSafe()),
                TIME,
                TIME,
                setup.lower(),
                setup.upper(),
                setup.condition() ? "code" : "",
                setup.condition() ? "<($2, $5)" : "");
    }

    private void run(JoinKind kind, int seed, Path rocksDir) {
        Random random = new Random(seed * 7919L + kind.ordinal() * 104_729L);
        long lower = random.nextInt(9) - 6;
        long upper = random.nextInt(8) == 0 ? lower - 1 : lower + random.nextInt(8);
        Setup setup = new Setup(lower, upper, random.nextBoolean(), random.nextInt(4) == 0);
        IntervalJoinNode node = node(kind, setup);
        Supplier<Operator> factory =
                () ->
                        new IntervalJoinOperator(
                                node, ARITY, ARITY, setup.condition() ? LESS_THAN : null);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(factory)
                        : new OperatorHarness(
                                factory,
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        boolean restore = seed % 2 == 1;
        long[] delay = {random.nextInt(6), random.nextInt(6)};
        long[] max = {Long.MIN_VALUE, Long.MIN_VALUE};
        long[] watermark = {Watermarks.NONE, Watermarks.NONE};
        List<List<Row>> kept = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Row>> sent = List.of(new ArrayList<>(), new ArrayList<>());
        long late = 0;
        int steps = 300;
        for (int i = 0; i < steps; i++) {
            if (restore && i == steps / 2) {
                harness.snapshotAndRestore();
                // The sources send their restored watermarks again.
                harness.inputWatermark(0, watermark[0]);
                harness.inputWatermark(1, watermark[1]);
            }
            int side = random.nextInt(2);
            Row row = nextRow(random, i, watermark[side], sent.get(side));
            int before = harness.emitted().size();
            long outBefore = lastOutputWatermark(harness);
            harness.change(side, Change.insert(row));
            Long t = (Long) row.get(TIME);
            if (t != null && watermark[side] != Watermarks.NONE && t <= watermark[side]) {
                late++;
            } else {
                kept.get(side).add(row);
            }
            sent.get(side).add(row);
            assertNotLate(harness, before, outBefore);
            if (t != null && t > max[side]) {
                max[side] = t;
                watermark[side] = Math.max(watermark[side], t - delay[side]);
                before = harness.emitted().size();
                outBefore = lastOutputWatermark(harness);
                harness.inputWatermark(side, watermark[side]);
                assertNotLate(harness, before, outBefore);
            }
        }
        harness.inputWatermark(0, Watermarks.END);
        harness.inputWatermark(1, Watermarks.END);

        assertThat(harness.emitted()).allMatch(c -> c.kind() == RowKind.INSERT);
        assertThat(harness.emittedStrings().stream().map(s -> s.substring(2)).sorted().toList())
                .isEqualTo(reference(kind, setup, kept.get(0), kept.get(1)));
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(late);
        for (String state : List.of("left", "right", "leftExpiry", "rightExpiry")) {
            assertThat(harness.stateEntries(state, RowCodec.INSTANCE)).as(state).isZero();
        }
        assertThat(harness.emittedWatermarks()).last().isEqualTo(Watermarks.END);
        harness.close();
    }

    /** Rows emitted since {@code from} must lie above the watermark passed on before them. */
    private static void assertNotLate(OperatorHarness harness, int from, long outputWatermark) {
        List<Change> emitted = harness.emitted();
        for (Change c : emitted.subList(from, emitted.size())) {
            for (int field : new int[] {TIME, ARITY + TIME}) {
                Long t = (Long) c.row().get(field);
                if (t != null && outputWatermark != Watermarks.NONE) {
                    assertThat(t).as("time of %s", c).isGreaterThan(outputWatermark);
                }
            }
        }
    }

    private static long lastOutputWatermark(OperatorHarness harness) {
        List<Long> out = harness.emittedWatermarks();
        return out.isEmpty() ? Watermarks.NONE : out.get(out.size() - 1);
    }

    /**
     * A row of the input whose watermark is {@code watermark}: usually near the front of time, now
     * and then late, a duplicate, or with a NULL key or time.
     */
    private static Row nextRow(Random random, int i, long watermark, List<Row> sent) {
        if (!sent.isEmpty() && random.nextInt(12) == 0) {
            return sent.get(random.nextInt(sent.size()));
        }
        long front = i / 3;
        Long t;
        int kind = random.nextInt(20);
        if (kind == 0) {
            t = null;
        } else if (kind < 3 && watermark != Watermarks.NONE) {
            t = watermark - random.nextInt(4); // late
        } else {
            t = front + random.nextInt(7) - 3;
        }
        Integer key = random.nextInt(8) == 0 ? null : random.nextInt(3);
        Integer value = random.nextInt(10) == 0 ? null : random.nextInt(10);
        return Row.of(key, t, value);
    }

    /** The SQL join of the rows kept, by nested loops. */
    private static List<String> reference(
            JoinKind kind, Setup setup, List<Row> left, List<Row> right) {
        List<String> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (Row l : left) {
            boolean matched = false;
            for (int j = 0; j < right.size(); j++) {
                Row r = right.get(j);
                if (matches(setup, l, r)) {
                    out.add(l.append(r.toArray()).toString());
                    matched = true;
                    rightMatched[j] = true;
                }
            }
            if (!matched && kind.keepsUnmatchedLeft()) {
                out.add(l.append(null, null, null).toString());
            }
        }
        if (kind.keepsUnmatchedRight()) {
            for (int j = 0; j < right.size(); j++) {
                if (!rightMatched[j]) {
                    out.add(Row.of(null, null, null).append(right.get(j).toArray()).toString());
                }
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    private static boolean matches(Setup setup, Row l, Row r) {
        boolean keys =
                setup.nullSafe()
                        ? Objects.equals(l.get(0), r.get(0))
                        : l.get(0) != null && l.get(0).equals(r.get(0));
        if (!keys || l.get(TIME) == null || r.get(TIME) == null) {
            return false;
        }
        long d = (Long) r.get(TIME) - (Long) l.get(TIME);
        if (d < setup.lower() || d > setup.upper()) {
            return false;
        }
        return !setup.condition()
                || LESS_THAN.apply(l.append(r.toArray()).toArray(), new Object[0]);
    }

    /**
     * Flink's example: a left row waits for right rows within its interval; a LEFT join emits it
     * padded only once the watermark passes its last possible match, and a row late for its own
     * input is dropped and counted, whatever the other input's watermark.
     */
    @Test
    void aLeftRowIsPaddedOnceItsIntervalHasPassed() {
        IntervalJoinNode node = node(JoinKind.LEFT, new Setup(-10, 0, false, false));
        OperatorHarness harness =
                new OperatorHarness(() -> new IntervalJoinOperator(node, ARITY, ARITY, null));
        harness.change(0, Change.insert(Row.of(1, 100L, 1)));
        harness.change(0, Change.insert(Row.of(2, 100L, 2)));
        harness.change(1, Change.insert(Row.of(1, 95L, 3)));
        assertThat(harness.emittedStrings()).containsExactly("+I[1, 100, 1, 1, 95, 3]");
        harness.inputWatermark(0, 99);
        harness.inputWatermark(1, 99);
        assertThat(harness.emittedStrings()).hasSize(1);
        assertThat(harness.emittedWatermarks()).containsExactly(89L);
        harness.inputWatermark(0, 100);
        harness.inputWatermark(1, 100);
        assertThat(harness.emittedStrings())
                .containsExactly("+I[1, 100, 1, 1, 95, 3]", "+I[2, 100, 2, null, null, null]");
        assertThat(harness.emittedWatermarks()).containsExactly(89L, 90L);
        // Late for the left input (at or below its watermark), though above the combined one.
        harness.inputWatermark(0, 150);
        harness.change(0, Change.insert(Row.of(1, 120L, 4)));
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(1);
        // Not late for the right input, and nothing left to join: the left row was dropped.
        harness.change(1, Change.insert(Row.of(1, 101L, 5)));
        assertThat(harness.emittedStrings()).hasSize(2);
    }
}
