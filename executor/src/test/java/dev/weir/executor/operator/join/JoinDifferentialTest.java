package dev.weir.executor.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.ChangelogTable;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.JoinKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The join operator against a nested-loop reference: random inserts, updates and deletes on both
 * sides (duplicate rows, NULL keys, a non-equi condition or none), for every join kind; the
 * changelog it emits, applied to an empty table, must equal the reference join of the rows still
 * present, and every retraction must take back a row that is there. Half the runs checkpoint and
 * restore the state midway.
 */
class JoinDifferentialTest {
    /** Rows are (key, value); key in 0..4 or NULL, value in 0..9. */
    private static final int ARITY = 2;

    /** The non-equi condition: left.value < right.value, on the joined row (l.k, l.v, r.k, r.v). */
    private static final Calc LESS_THAN =
            (in, out) -> in[1] != null && in[3] != null && (Integer) in[1] < (Integer) in[3];

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinKind kind : JoinKind.values()) {
            for (boolean condition : List.of(false, true)) {
                for (boolean nullSafe : List.of(false, true)) {
                    for (boolean restore : List.of(false, true)) {
                        for (int seed = 0; seed < 6; seed++) {
                            cases.add(Arguments.of(kind, condition, nullSafe, restore, seed));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} condition={1} nullSafe={2} restore={3} seed={4}")
    @MethodSource("cases")
    void changelogEqualsReference(
            JoinKind kind, boolean condition, boolean nullSafe, boolean restore, int seed) {
        run(kind, condition, nullSafe, restore, seed, null);
    }

    static Stream<Arguments> rocksDbCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinKind kind : JoinKind.values()) {
            for (int seed = 0; seed < 3; seed++) {
                cases.add(Arguments.of(kind, seed % 2 == 0, seed == 1, true, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "rocksdb {0} condition={1} nullSafe={2} restore={3} seed={4}")
    @MethodSource("rocksDbCases")
    void changelogEqualsReferenceOnRocksDb(
            JoinKind kind,
            boolean condition,
            boolean nullSafe,
            boolean restore,
            int seed,
            @TempDir Path dir) {
        run(kind, condition, nullSafe, restore, seed, dir);
    }

    private void run(
            JoinKind kind,
            boolean condition,
            boolean nullSafe,
            boolean restore,
            int seed,
            Path rocksDir) {
        Random random = new Random(seed * 7919L + kind.ordinal() * 31L + (condition ? 1 : 0));
        Supplier<Operator> factory =
                () ->
                        new JoinOperator(
                                kind,
                                List.of(0),
                                List.of(0),
                                List.of(nullSafe),
                                ARITY,
                                ARITY,
                                condition ? LESS_THAN : null);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(factory)
                        : new OperatorHarness(
                                factory,
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        List<List<Row>> present = List.of(new ArrayList<>(), new ArrayList<>());
        int steps = 400;
        for (int i = 0; i < steps; i++) {
            if (restore && i == steps / 2) {
                harness.snapshotAndRestore();
            }
            int side = random.nextInt(2);
            List<Row> rows = present.get(side);
            int action = random.nextInt(10);
            if (rows.isEmpty() || action < 5) {
                Row row = randomRow(random);
                rows.add(row);
                harness.change(side, Change.insert(row));
            } else if (action < 8) {
                Row old = rows.remove(random.nextInt(rows.size()));
                Row row = randomRow(random);
                rows.add(row);
                harness.change(side, Change.updateBefore(old));
                harness.change(side, Change.updateAfter(row));
            } else {
                Row old = rows.remove(random.nextInt(rows.size()));
                harness.change(side, Change.delete(old));
            }
        }
        // A retraction of a row that was never there is ignored.
        harness.change(0, new Change(RowKind.DELETE, Row.of(99, 99)));

        List<String> expected =
                reference(kind, present.get(0), present.get(1), condition, nullSafe);
        assertThat(ChangelogTable.of(harness.emitted()).sorted()).isEqualTo(expected);
    }

    static Stream<Arguments> windowedCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinKind kind : JoinKind.values()) {
            for (long lateness : List.of(0L, 2L)) {
                for (int seed = 0; seed < 5; seed++) {
                    cases.add(Arguments.of(kind, lateness, seed % 2 == 1, seed));
                }
            }
        }
        return cases.stream();
    }

    /**
     * A window join: rows (windowEnd, key, value) whose window ends drift forward, some far behind
     * the watermark; a row whose window ended (plus the lateness) at the watermark is late and
     * dropped, the rest join as any join would, and once every window is complete no state is left.
     */
    @ParameterizedTest(name = "windowed {0} lateness={1} restore={2} seed={3}")
    @MethodSource("windowedCases")
    void windowJoinEqualsReferenceOverTheRowsNotLate(
            JoinKind kind, long lateness, boolean restore, int seed) {
        Random random = new Random(seed * 131L + kind.ordinal() * 7L + lateness);
        Supplier<Operator> factory =
                () ->
                        new JoinOperator(
                                kind,
                                List.of(0, 1),
                                List.of(0, 1),
                                List.of(false, false),
                                3,
                                3,
                                null,
                                true,
                                lateness);
        OperatorHarness harness = new OperatorHarness(factory);
        List<List<Row>> kept = List.of(new ArrayList<>(), new ArrayList<>());
        long watermark = Long.MIN_VALUE;
        long late = 0;
        for (int i = 0; i < 400; i++) {
            if (restore && i == 200) {
                harness.snapshotAndRestore();
            }
            int side = random.nextInt(2);
            long windowEnd = i / 10 + random.nextInt(6) - (random.nextInt(15) == 0 ? 8 : 0);
            Row row =
                    Row.of(
                            windowEnd,
                            random.nextInt(6) == 0 ? null : random.nextInt(3),
                            random.nextInt(10));
            harness.change(side, Change.insert(row));
            if (watermark != Long.MIN_VALUE && windowEnd + lateness <= watermark) {
                late++;
            } else {
                kept.get(side).add(row);
            }
            if (i % 10 == 9) {
                watermark = i / 10 - 2;
                harness.watermark(watermark);
            }
        }
        harness.watermark(dev.weir.executor.operator.Watermarks.END);

        assertThat(ChangelogTable.of(harness.emitted()).sorted())
                .isEqualTo(reference3(kind, kept.get(0), kept.get(1)));
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(late);
        assertThat(harness.stateEntries("left", dev.weir.executor.state.RowCodec.INSTANCE))
                .isZero();
        assertThat(harness.stateEntries("right", dev.weir.executor.state.RowCodec.INSTANCE))
                .isZero();
    }

    /** The reference join of rows (windowEnd, key, value) on windowEnd and key. */
    private static List<String> reference3(JoinKind kind, List<Row> left, List<Row> right) {
        List<String> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (Row l : left) {
            int matches = 0;
            for (int j = 0; j < right.size(); j++) {
                Row r = right.get(j);
                if (l.get(1) != null && l.get(0).equals(r.get(0)) && l.get(1).equals(r.get(1))) {
                    matches++;
                    rightMatched[j] = true;
                    if (!kind.filtersLeft()) {
                        out.add(l.append(r.toArray()).toString());
                    }
                }
            }
            if (kind == JoinKind.SEMI && matches > 0 || kind == JoinKind.ANTI && matches == 0) {
                out.add(l.toString());
            } else if (matches == 0 && kind.keepsUnmatchedLeft()) {
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

    private static Row randomRow(Random random) {
        Integer key = random.nextInt(8) == 0 ? null : random.nextInt(5);
        Integer value = random.nextInt(10) == 0 ? null : random.nextInt(10);
        return Row.of(key, value);
    }

    /** The join of two multisets, as SQL defines it, by nested loops. */
    private static List<String> reference(
            JoinKind kind, List<Row> left, List<Row> right, boolean condition, boolean nullSafe) {
        List<String> out = new ArrayList<>();
        List<String> semiAnti = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (Row l : left) {
            boolean matched = false;
            for (int j = 0; j < right.size(); j++) {
                Row r = right.get(j);
                boolean keysEqual =
                        nullSafe
                                ? Objects.equals(l.get(0), r.get(0))
                                : l.get(0) != null && l.get(0).equals(r.get(0));
                Object[] joined = {l.get(0), l.get(1), r.get(0), r.get(1)};
                if (keysEqual && (!condition || LESS_THAN.apply(joined, new Object[0]))) {
                    out.add(Row.of(joined).toString());
                    matched = true;
                    rightMatched[j] = true;
                }
            }
            if (kind == JoinKind.SEMI || kind == JoinKind.ANTI) {
                // Only the left row, once: SEMI while it has a match, ANTI while it has none.
                if (matched == (kind == JoinKind.SEMI)) {
                    semiAnti.add(l.toString());
                }
                continue;
            }
            if (!matched && kind.keepsUnmatchedLeft()) {
                out.add(Row.of(l.get(0), l.get(1), null, null).toString());
            }
        }
        if (kind.filtersLeft()) {
            semiAnti.sort(String::compareTo);
            return semiAnti;
        }
        if (kind.keepsUnmatchedRight()) {
            for (int j = 0; j < right.size(); j++) {
                if (!rightMatched[j]) {
                    Row r = right.get(j);
                    out.add(Row.of(null, null, r.get(0), r.get(1)).toString());
                }
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
