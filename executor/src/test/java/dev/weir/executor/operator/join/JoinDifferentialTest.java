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
import dev.weir.planner.exec.JoinKind;
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
