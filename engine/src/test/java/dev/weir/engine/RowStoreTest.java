package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.state.SnapshotStore;
import dev.weir.executor.state.memory.HeapSnapshotStore;
import dev.weir.executor.state.rocksdb.RocksDbSnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rows readers see of a view or table, on both stores, with a lookup cache far smaller than the
 * rows: snapshots, lookups, counts and subscriptions against a plain multiset kept beside them.
 */
class RowStoreTest {
    private static final int CACHE = 16;

    @TempDir Path directory;

    private SnapshotStore storage(String kind) {
        return kind.equals("rocksdb")
                ? RocksDbSnapshotStore.open(directory.resolve("rows"))
                : new HeapSnapshotStore();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void keyedRowsMatchAReferenceMapThroughRandomRounds(String kind) {
        try (RowStore store = new RowStore("the view 'v'", new int[] {0}, storage(kind), CACHE)) {
            Map<Long, Row> reference = new HashMap<>();
            Random random = new Random(42);
            RowStoreSubscription subscriber = store.subscribe(true);
            List<Change> delivered = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                List<Change> changes = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    long key = random.nextInt(1_000);
                    Row old = reference.get(key);
                    Row next =
                            random.nextInt(5) == 0
                                    ? null
                                    : Row.of(key, "v" + random.nextInt(), null);
                    if (old != null) {
                        changes.add(next == null ? Change.delete(old) : Change.updateBefore(old));
                    }
                    if (next != null) {
                        changes.add(old == null ? Change.insert(next) : Change.updateAfter(next));
                        reference.put(key, next);
                    } else {
                        reference.remove(key);
                    }
                }
                store.apply(changes);
                delivered.addAll(subscriber.pollChanges(Integer.MAX_VALUE));
                if (round % 20 == 0) {
                    assertThat(readAll(store))
                            .containsExactlyInAnyOrderElementsOf(reference.values());
                }
            }
            assertThat(store.rowCount()).isEqualTo(reference.size());
            assertThat(readAll(store)).containsExactlyInAnyOrderElementsOf(reference.values());
            for (long key = 0; key < 1_000; key++) {
                assertThat(store.lookup(Row.of(key)))
                        .as("key %d", key)
                        .isEqualTo(Optional.ofNullable(reference.get(key)));
            }
            assertThat(replay(delivered)).isEqualTo(multiset(reference.values()));
            subscriber.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aMultisetCountsDuplicatesAndIgnoresRetractionsOfAbsentRows(String kind) {
        try (RowStore store = new RowStore("the view 'v'", new int[0], storage(kind), CACHE)) {
            Row a = Row.of(1L, null);
            Row b = Row.of(2L, 0.5);
            store.apply(List.of(Change.insert(a), Change.insert(a), Change.insert(b)));
            store.apply(
                    List.of(Change.delete(b), Change.delete(b), Change.delete(Row.of(9L, null))));
            assertThat(store.count(a)).isEqualTo(2);
            assertThat(store.count(b)).isZero();
            assertThat(store.rowCount()).isEqualTo(2);
            assertThat(readAll(store)).containsExactly(a, a);
            // A subscriber started now gets the rows first, then only later changes.
            RowStoreSubscription subscriber = store.subscribe(true);
            store.apply(List.of(Change.insert(b)));
            assertThat(subscriber.pollChanges(10).toString())
                    .isEqualTo("[+I[1, null], +I[1, null]]");
            assertThat(subscriber.pollChanges(10).toString()).isEqualTo("[+I[2, 0.5]]");
            subscriber.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aSnapshotIsAsOfItsStartWhateverRoundsFollow(String kind) {
        try (RowStore store = new RowStore("the view 'v'", new int[] {0}, storage(kind), CACHE)) {
            store.apply(rows(0, 300));
            RowStoreSnapshot before = store.snapshot();
            RowStoreSubscription subscriber = store.subscribe(true);
            store.apply(replace(300, 0, 1));
            assertThat(drain(() -> before.poll(7), before::isEnded)).isEqualTo(rowsOf(0, 300));
            List<Change> seen = new ArrayList<>();
            while (!(seen.size() >= 900)) {
                seen.addAll(subscriber.pollChanges(64));
            }
            assertThat(replay(seen)).isEqualTo(multiset(rowsOf(1, 300)));
            subscriber.close();
        }
    }

    /** Readers racing the writer never see half a round: all 100 rows of one round or another. */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void readersNeverSeeHalfARound(String kind) throws Exception {
        try (RowStore store = new RowStore("the view 'v'", new int[] {0}, storage(kind), CACHE)) {
            store.apply(rows(0, 100));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader =
                    new Thread(
                            () -> {
                                try {
                                    for (int i = 0; i < 200; i++) {
                                        List<Row> rows = readAll(store);
                                        assertThat(rows).hasSize(100);
                                        assertThat(rows.stream().map(r -> r.get(1)).distinct())
                                                .hasSize(1);
                                    }
                                } catch (Throwable t) {
                                    failure.set(t);
                                }
                            });
            reader.start();
            for (int round = 0; round < 500; round++) {
                store.apply(replace(100, round, round + 1));
            }
            reader.join();
            assertThat(failure.get()).isNull();
        }
    }

    private static List<Change> rows(long round, int n) {
        List<Change> changes = new ArrayList<>();
        rowsOf(round, n).forEach(r -> changes.add(Change.insert(r)));
        return changes;
    }

    private static List<Row> rowsOf(long round, int n) {
        List<Row> rows = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            rows.add(Row.of(k, round));
        }
        return rows;
    }

    /** Every key's row of {@code from} replaced by that of {@code to}, in one round. */
    private static List<Change> replace(int n, long from, long to) {
        List<Change> changes = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            changes.add(Change.updateBefore(Row.of(k, from)));
            changes.add(Change.updateAfter(Row.of(k, to)));
        }
        return changes;
    }

    private static List<Row> readAll(RowStore store) {
        RowStoreSnapshot snapshot = store.snapshot();
        try {
            return drain(() -> snapshot.poll(33), snapshot::isEnded);
        } finally {
            snapshot.close();
        }
    }

    private static List<Row> drain(Supplier<List<Row>> poll, Supplier<Boolean> ended) {
        List<Row> rows = new ArrayList<>();
        while (!ended.get()) {
            rows.addAll(poll.get());
        }
        return rows;
    }

    private static Map<Row, Long> multiset(Iterable<Row> rows) {
        Map<Row, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r, 1L, Long::sum));
        return counts;
    }

    private static Map<Row, Long> replay(List<Change> changes) {
        Map<Row, Long> counts = new HashMap<>();
        for (Change change : changes) {
            if (change.kind().isAccumulate()) {
                counts.merge(change.row(), 1L, Long::sum);
            } else {
                counts.computeIfPresent(change.row(), (r, n) -> n == 1 ? null : n - 1);
            }
        }
        return counts;
    }
}
