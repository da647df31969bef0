package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SESSION without aggregation against a plain reference: rows (key, time, value) arrive out of
 * order, some beyond the watermark's bound, some with a NULL time, some after a jump that splits
 * sessions; each row not dropped must come out once, annotated with its session, the late ones
 * counted. Half the runs checkpoint and restore midway.
 */
class SessionAssignDifferentialTest {
    private static final long GAP = 700;
    private static final long DELAY = 1_000;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 0; seed < 30; seed++) {
            cases.add(Arguments.of(seed, seed % 2 == 0));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "seed={0} restore={1}")
    @MethodSource("cases")
    void rowsCarryTheirSessions(int seed, boolean restore) {
        run(seed, restore, null);
    }

    @ParameterizedTest(name = "rocksdb seed={0} restore={1}")
    @MethodSource("cases")
    void rowsCarryTheirSessionsOnRocksDb(int seed, boolean restore, @TempDir Path dir) {
        if (seed < 6) {
            run(seed, restore, dir);
        }
    }

    @Test
    void sessionsCloseWithTheWatermarkAndMerge() {
        OperatorHarness h = new OperatorHarness(() -> new SessionAssignOperator(List.of(0), 1, 10));
        h.insert("a", 100L);
        h.insert("a", 105L);
        h.insert("b", 107L);
        h.watermark(114L);
        assertThat(h.emittedStrings()).isEmpty();
        // 111 joins [100, 115) and extends it to 121; b's session [107, 117) is still open.
        h.insert("a", 111L);
        h.watermark(117L);
        assertThat(h.emittedStrings()).containsExactly("+I[b, 107, 107, 117]");
        // 100 + 10 <= 117 but the row joins the open session: not late.
        h.insert("a", 100L);
        h.watermark(121L);
        assertThat(h.emittedStrings())
                .containsExactly(
                        "+I[b, 107, 107, 117]",
                        "+I[a, 100, 100, 121]",
                        "+I[a, 100, 100, 121]",
                        "+I[a, 105, 100, 121]",
                        "+I[a, 111, 100, 121]");
        // Nothing is open any more: a row whose session would have ended is late.
        h.insert("a", 90L);
        h.insert("a", null);
        h.watermark(Watermarks.END);
        assertThat(h.emitted()).hasSize(5);
        assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        assertThat(h.metrics().nullTimeRowsDropped()).isEqualTo(1);
    }

    private void run(int seed, boolean restore, Path rocksDir) {
        Random random = new Random(seed * 104_729L + 17);
        List<Row> rows = randomRows(random, 300);
        OperatorHarness harness =
                rocksDir == null
                        ? new OperatorHarness(() -> new SessionAssignOperator(List.of(0), 1, GAP))
                        : new OperatorHarness(
                                () -> new SessionAssignOperator(List.of(0), 1, GAP),
                                RocksDbStateBackend.open(rocksDir.resolve("live")),
                                RocksDbStateBackend::restore);
        Reference reference = new Reference();
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            if (restore && i == rows.size() / 2) {
                harness.snapshotAndRestore();
            }
            Row row = rows.get(i);
            harness.insert(row.toArray());
            if (row.get(1) != null) {
                reference.add(row);
                if ((Long) row.get(1) > maxTime) {
                    maxTime = (Long) row.get(1);
                    harness.watermark(maxTime - DELAY);
                    reference.watermark(maxTime - DELAY);
                }
            }
        }
        harness.watermark(Watermarks.END);
        reference.watermark(Watermarks.END);

        assertThat(sorted(harness.emitted().stream().map(c -> c.row().toString()).toList()))
                .isEqualTo(sorted(reference.out));
        assertThat(harness.emitted()).allMatch(c -> c.kind().isAccumulate());
        assertThat(harness.metrics().lateRowsDropped()).isEqualTo(reference.late);
        assertThat(harness.stateEntries("sessions", RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("rows", RowCodec.INSTANCE)).isZero();
        assertThat(harness.stateEntries("timers", RowCodec.INSTANCE)).isZero();
    }

    /**
     * Sessionizes as the rows arrive, by the plain rule: each key's open sessions as [start, end)
     * with their rows; a session closes (its rows come out) once the watermark reaches its end; a
     * row that touches no open session and whose own session has ended is late.
     */
    private static final class Reference {
        record Session(long start, long end, List<Row> rows) {}

        final Map<Object, List<Session>> open = new HashMap<>();
        final List<String> out = new ArrayList<>();
        long watermark = Watermarks.NONE;
        long late;

        void add(Row row) {
            long time = (Long) row.get(1);
            List<Session> sessions =
                    open.computeIfAbsent(
                            row.get(0) == null ? "<null>" : row.get(0), k -> new ArrayList<>());
            long start = time;
            long end = time + GAP;
            List<Row> members = new ArrayList<>(List.of(row));
            List<Session> touching = new ArrayList<>();
            for (Session s : sessions) {
                if (start <= s.end() && s.start() <= end) {
                    touching.add(s);
                }
            }
            if (touching.isEmpty() && end <= watermark) {
                late++;
                return;
            }
            for (Session s : touching) {
                start = Math.min(start, s.start());
                end = Math.max(end, s.end());
                members.addAll(s.rows());
                sessions.remove(s);
            }
            sessions.add(new Session(start, end, members));
        }

        void watermark(long next) {
            watermark = next;
            for (List<Session> sessions : open.values()) {
                for (Session s : List.copyOf(sessions)) {
                    if (s.end() <= next) {
                        sessions.remove(s);
                        for (Row row : s.rows()) {
                            out.add(row.append(s.start(), s.end()).toString());
                        }
                    }
                }
            }
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(String::compareTo);
        return copy;
    }

    private static List<Row> randomRows(Random random, int count) {
        List<Row> rows = new ArrayList<>();
        String[] keys = {"a", "b", "c", null};
        long base = random.nextBoolean() ? 10_000 : -9_000;
        for (int i = 0; i < count; i++) {
            long time = base + i * 60L + random.nextInt(1_600) - 1_200;
            if (random.nextInt(20) == 0) {
                time -= 4_000;
            }
            if (random.nextInt(15) == 0) {
                time += 3_000; // a jump: sessions split
            }
            rows.add(
                    Row.of(
                            keys[random.nextInt(keys.length)],
                            random.nextInt(40) == 0 ? null : time,
                            (long) random.nextInt(20)));
        }
        return rows;
    }
}
