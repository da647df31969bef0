package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.ChangelogTable;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window aggregates against a plain batch reference on random, out-of-order input with late rows,
 * NULL keys, NULL values and NULL times: the table the changelog builds must equal the reference,
 * computed from the rows that were not late when they arrived. Each case also runs with a
 * checkpoint and restore in the middle.
 */
class WindowAggregateDifferentialTest {
    private static final long DELAY = 1_000;
    private static final List<AggregateCallSpec> CALLS =
            List.of(
                    call(AggregateKind.COUNT_STAR, -1, false),
                    call(AggregateKind.COUNT, 2, false),
                    call(AggregateKind.SUM, 2, false),
                    call(AggregateKind.MIN, 2, false),
                    call(AggregateKind.MAX, 2, false),
                    call(AggregateKind.COUNT, 2, true),
                    call(AggregateKind.AVG, 2, false));

    private static AggregateCallSpec call(AggregateKind kind, int argument, boolean distinct) {
        ValueType result =
                kind == AggregateKind.COUNT || kind == AggregateKind.COUNT_STAR
                        ? ValueType.BIGINT
                        : ValueType.BIGINT;
        return new AggregateCallSpec(
                kind, argument, distinct, -1, argument < 0 ? null : ValueType.BIGINT, result, -1);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("TUMBLE", "HOP", "CUMULATE", "SESSION")) {
            for (boolean afterWatermark : List.of(false, true)) {
                for (long lateness : List.of(0L, 1_500L)) {
                    for (boolean restore : List.of(false, true)) {
                        for (int seed = 0; seed < 25; seed++) {
                            cases.add(Arguments.of(kind, afterWatermark, lateness, restore, seed));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> rocksDbCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("TUMBLE", "HOP", "CUMULATE", "SESSION")) {
            for (int seed = 0; seed < 3; seed++) {
                cases.add(Arguments.of(kind, seed % 2 == 0, seed == 1 ? 1_500L : 0L, true, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} afterWatermark={1} lateness={2} restore={3} seed={4}")
    @MethodSource("cases")
    void changelogEqualsReference(
            String kind, boolean afterWatermark, long lateness, boolean restore, int seed) {
        run(kind, afterWatermark, lateness, restore, seed, null);
    }

    /** The same on RocksDB, restoring from a RocksDB checkpoint midway. */
    @ParameterizedTest(name = "rocksdb {0} afterWatermark={1} lateness={2} restore={3} seed={4}")
    @MethodSource("rocksDbCases")
    void changelogEqualsReferenceOnRocksDb(
            String kind,
            boolean afterWatermark,
            long lateness,
            boolean restore,
            int seed,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        run(kind, afterWatermark, lateness, restore, seed, dir);
    }

    private void run(
            String kind,
            boolean afterWatermark,
            long lateness,
            boolean restore,
            int seed,
            java.nio.file.Path rocksDir) {
        Random random = new Random(seed * 31L + kind.hashCode());
        List<Row> rows = randomRows(random, 300);
        Supplier<Operator> factory = () -> operator(kind, afterWatermark, lateness);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(factory)
                        : new OperatorHarness(
                                factory,
                                dev.weir.executor.state.rocksdb.RocksDbStateBackend.open(
                                        rocksDir.resolve("live")),
                                dev.weir.executor.state.rocksdb.RocksDbStateBackend::restore);
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            if (restore && i == rows.size() / 2) {
                harness.snapshotAndRestore();
            }
            Row row = rows.get(i);
            harness.insert(row.toArray());
            if (row.get(1) != null && (Long) row.get(1) > maxTime) {
                maxTime = (Long) row.get(1);
                harness.watermark(maxTime - DELAY);
            }
        }
        harness.watermark(Watermarks.END);

        List<String> expected =
                kind.equals("SESSION")
                        ? sessionReference(rows, lateness)
                        : alignedReference(rows, assigner(kind), lateness);
        assertThat(ChangelogTable.of(harness.emitted()).sorted()).isEqualTo(expected);
        // Every window fired and was cleaned up: only the last watermark is left in state.
        String windows = kind.equals("SESSION") ? "sessions" : "windows";
        assertThat(harness.stateEntries(windows, RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("timers", RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("values", LongCodec.INSTANCE)).isZero();
        if (afterWatermark && lateness == 0) {
            assertThat(harness.emitted())
                    .allMatch(c -> c.kind() == dev.weir.common.row.RowKind.INSERT);
        }
    }

    private static Operator operator(String kind, boolean afterWatermark, long lateness) {
        if (kind.equals("SESSION")) {
            return new SessionWindowAggregateOperator(
                    List.of(0), 1, 700, CALLS, afterWatermark, lateness);
        }
        return new WindowAggregateOperator(
                List.of(0), 1, assigner(kind), CALLS, afterWatermark, lateness);
    }

    private static WindowAssigner assigner(String kind) {
        return switch (kind) {
            case "TUMBLE" -> WindowAssigners.tumble(1_000, 0);
            case "HOP" -> WindowAssigners.hop(500, 1_500, 0);
            case "CUMULATE" -> WindowAssigners.cumulate(400, 1_200, 0);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Rows (key, time, value): times drift forward with jitter, some far behind; in half the runs
     * they start negative.
     */
    private static List<Row> randomRows(Random random, int count) {
        List<Row> rows = new ArrayList<>();
        String[] keys = {"a", "b", "c", null};
        // Half the runs cross zero: window arithmetic must floor, not truncate, below it.
        long base = random.nextBoolean() ? 10_000 : -9_000;
        for (int i = 0; i < count; i++) {
            long time = base + i * 60L + random.nextInt(1_600) - 1_200;
            if (random.nextInt(20) == 0) {
                time -= 4_000; // far beyond the watermark's bound: late
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

    /** Rows that were not late when they arrived, per (key, start, end). */
    private static List<String> alignedReference(
            List<Row> rows, WindowAssigner assigner, long lateness) {
        Map<List<Object>, List<Long>> windows = new LinkedHashMap<>();
        long watermark = Watermarks.NONE;
        long maxTime = Long.MIN_VALUE;
        for (Row row : rows) {
            Object time = row.get(1);
            if (time == null) {
                continue;
            }
            long wm = watermark;
            assigner.assign(
                    (Long) time,
                    (start, end) -> {
                        if (end + lateness > wm) {
                            windows.computeIfAbsent(
                                            java.util.Arrays.asList(row.get(0), start, end),
                                            k -> new ArrayList<>())
                                    .add((Long) row.get(2));
                        }
                    });
            if ((Long) time > maxTime) {
                maxTime = (Long) time;
                watermark = maxTime - DELAY;
            }
        }
        List<String> out = new ArrayList<>();
        windows.forEach((w, values) -> out.add(result(w, values).toString()));
        out.sort(String::compareTo);
        return out;
    }

    /** Sessions built in arrival order, closed (and no longer mergeable) when cleaned up. */
    private static List<String> sessionReference(List<Row> rows, long lateness) {
        long gap = 700;
        record Session(long start, long end, List<Long> values) {}
        Map<Object, List<Session>> open = new HashMap<>();
        List<String> out = new ArrayList<>();
        long watermark = Watermarks.NONE;
        long maxTime = Long.MIN_VALUE;
        for (Row row : rows) {
            Object timeValue = row.get(1);
            if (timeValue == null) {
                continue;
            }
            long time = (Long) timeValue;
            long wm = watermark;
            Object key = row.get(0) == null ? "<null>" : row.get(0);
            List<Session> sessions = open.computeIfAbsent(key, k -> new ArrayList<>());
            for (Session s : List.copyOf(sessions)) {
                if (s.end() + lateness <= wm) {
                    sessions.remove(s);
                    out.add(
                            result(
                                            java.util.Arrays.asList(row.get(0), s.start(), s.end()),
                                            s.values())
                                    .toString());
                }
            }
            long start = time;
            long end = time + gap;
            List<Long> values = new ArrayList<>();
            values.add((Long) row.get(2));
            List<Session> joined =
                    sessions.stream().filter(s -> s.start() <= end && time <= s.end()).toList();
            // A row that joins a session still open belongs to it, however old the row is alone
            // (Flink merges first, then asks whether the merged window is late).
            if (!joined.isEmpty() || end + lateness > wm) {
                for (Session s : joined) {
                    sessions.remove(s);
                    start = Math.min(start, s.start());
                    values.addAll(s.values());
                }
                long mergedEnd =
                        Math.max(end, joined.stream().mapToLong(Session::end).max().orElse(end));
                sessions.add(new Session(start, mergedEnd, values));
            }
            if (time > maxTime) {
                maxTime = time;
                watermark = maxTime - DELAY;
            }
        }
        open.forEach(
                (key, sessions) -> {
                    for (Session s : sessions) {
                        out.add(
                                result(
                                                java.util.Arrays.asList(
                                                        key.equals("<null>") ? null : key,
                                                        s.start(),
                                                        s.end()),
                                                s.values())
                                        .toString());
                    }
                });
        out.sort(String::compareTo);
        return out;
    }

    /** key, start, end, COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), COUNT(DISTINCT v), AVG(v). */
    private static Row result(List<Object> window, List<Long> values) {
        List<Long> nonNull = values.stream().filter(Objects::nonNull).toList();
        Long sum = nonNull.isEmpty() ? null : nonNull.stream().mapToLong(Long::longValue).sum();
        return Row.of(
                window.get(0),
                window.get(1),
                window.get(2),
                (long) values.size(),
                (long) nonNull.size(),
                sum,
                nonNull.stream().min(Comparator.naturalOrder()).orElse(null),
                nonNull.stream().max(Comparator.naturalOrder()).orElse(null),
                nonNull.stream().distinct().count(),
                sum == null ? null : sum / nonNull.size());
    }
}
