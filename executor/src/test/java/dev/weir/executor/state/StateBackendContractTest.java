package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.row.Row;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One contract, run against every backend (as Kafka Streams' AbstractKeyValueStoreTest is): what an
 * operator may rely on, whichever backend holds its state.
 */
abstract class StateBackendContractTest {
    @TempDir Path dir;
    private final List<StateBackend> opened = new ArrayList<>();
    private int created;

    /** A new, empty backend; {@code directory} does not exist yet. */
    abstract StateBackend create(Path directory);

    /** A backend starting from what {@code checkpoint} holds. */
    abstract StateBackend restore(Path checkpoint, Path directory);

    StateBackend backend() {
        return track(create(dir.resolve("state-" + created++)));
    }

    StateBackend restored(Path checkpoint) {
        return track(restore(checkpoint, dir.resolve("restored-" + created++)));
    }

    private StateBackend track(StateBackend backend) {
        opened.add(backend);
        return backend;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(StateBackend::close);
    }

    static KeyValueState<Row, Row> rows(StateBackend backend, String name) {
        return backend.keyValueState(name, RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    static <K, V> List<Map.Entry<K, V>> drain(CloseableIterator<Map.Entry<K, V>> it) {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    static Map.Entry<Row, Row> entry(Row key, Row value) {
        return Map.entry(key, value);
    }

    @Test
    void putGetDeleteAndOverwrite() {
        KeyValueState<Row, Row> s = rows(backend(), "a");
        assertThat(s.get(Row.of(1L))).isNull();
        s.put(Row.of(1L), Row.of("x"));
        assertThat(s.get(Row.of(1L))).isEqualTo(Row.of("x"));
        s.put(Row.of(1L), Row.of("y", new BigDecimal("2.50")));
        assertThat(s.get(Row.of(1L))).isEqualTo(Row.of("y", new BigDecimal("2.50")));
        assertThat(s.get(Row.of(1))).as("an INT key is not the BIGINT key").isNull();
        s.delete(Row.of(1L));
        assertThat(s.get(Row.of(1L))).isNull();
        s.delete(Row.of(1L));
        s.delete(Row.of(2L));
        assertThat(drain(s.all())).isEmpty();
        s.put(Row.of(1L), Row.of("back"));
        assertThat(drain(s.all())).containsExactly(entry(Row.of(1L), Row.of("back")));
    }

    @Test
    void nonRowCodecsWork() {
        KeyValueState<Row, Long> counts =
                backend().keyValueState("counts", RowCodec.INSTANCE, LongTestCodec.INSTANCE);
        counts.put(Row.of("a"), 3L);
        counts.put(Row.of("a"), counts.get(Row.of("a")) + 1);
        assertThat(counts.get(Row.of("a"))).isEqualTo(4L);
    }

    @Test
    void prefixScansWithRowKeysOfSeveralFieldTypes() {
        KeyValueState<Row, Row> s = rows(backend(), "p");
        List<Row> keys =
                List.of(
                        Row.of("k", 3L, true),
                        Row.of("k", -1L, false),
                        Row.of("k", 10L, null),
                        Row.of("k", (Object) null),
                        Row.of("ka", 0L),
                        Row.of("k\0", 0L),
                        Row.of((Object) null, 5L),
                        Row.of(7, (short) -2, (byte) 1, 1.5d),
                        Row.of(7, (short) -2, (byte) -1, 2.5f),
                        Row.of(7, (short) 3),
                        Row.of(-7, (short) -2),
                        Row.of(true, "t"),
                        Row.of(false, "f"));
        for (int i = 0; i < keys.size(); i++) {
            s.put(keys.get(i), Row.of(i));
        }
        assertThat(drain(s.prefix(Row.of("k"))))
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        Row.of("k", (Object) null),
                        Row.of("k", -1L, false),
                        Row.of("k", 3L, true),
                        Row.of("k", 10L, null));
        assertThat(drain(s.prefix(Row.of("k", 3L))))
                .containsExactly(entry(Row.of("k", 3L, true), Row.of(0)));
        assertThat(drain(s.prefix(Row.of(7, (short) -2))))
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        Row.of(7, (short) -2, (byte) -1, 2.5f),
                        Row.of(7, (short) -2, (byte) 1, 1.5d));
        assertThat(drain(s.prefix(Row.of(7))))
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        Row.of(7, (short) -2, (byte) -1, 2.5f),
                        Row.of(7, (short) -2, (byte) 1, 1.5d),
                        Row.of(7, (short) 3));
        assertThat(drain(s.prefix(Row.of((Object) null))))
                .containsExactly(entry(Row.of((Object) null, 5L), Row.of(6)));
        assertThat(drain(s.prefix(Row.of(false)))).hasSize(1);
        assertThat(drain(s.prefix(Row.of("nothing")))).isEmpty();
        assertThat(drain(s.prefix(Row.of()))).hasSize(keys.size());
    }

    @Test
    void rangeScansAreHalfOpenAndEmptyWhenReversed() {
        KeyValueState<Row, Row> s = rows(backend(), "r");
        for (long i = -5; i <= 5; i++) {
            s.put(Row.of(i), Row.of(i * i));
        }
        assertThat(drain(s.range(Row.of(-1L), Row.of(2L))))
                .containsExactly(
                        entry(Row.of(-1L), Row.of(1L)),
                        entry(Row.of(0L), Row.of(0L)),
                        entry(Row.of(1L), Row.of(1L)));
        assertThat(drain(s.range(Row.of(Long.MIN_VALUE), Row.of(Long.MAX_VALUE)))).hasSize(11);
        assertThat(drain(s.range(Row.of(2L), Row.of(2L)))).isEmpty();
        assertThat(drain(s.range(Row.of(3L), Row.of(-3L)))).isEmpty();
        assertThat(drain(s.range(Row.of(5L), Row.of(6L))))
                .containsExactly(entry(Row.of(5L), Row.of(25L)));
        // A shorter row sorts before its extensions: a range from (1) starts at (1, anything).
        s.put(Row.of(1L, "x"), Row.of());
        assertThat(drain(s.range(Row.of(1L), Row.of(2L))))
                .extracting(Map.Entry::getKey)
                .containsExactly(Row.of(1L), Row.of(1L, "x"));
    }

    @Test
    void allIsInKeyOrderWithNullsFirst() {
        KeyValueState<Row, Row> s = rows(backend(), "all");
        s.put(Row.of("b"), Row.of());
        s.put(Row.of((Object) null), Row.of());
        s.put(Row.of("a"), Row.of());
        s.put(Row.of(""), Row.of());
        assertThat(drain(s.all()))
                .extracting(Map.Entry::getKey)
                .containsExactly(Row.of((Object) null), Row.of(""), Row.of("a"), Row.of("b"));
    }

    @Test
    void namesAreSeparateAndTheSameNameIsTheSameState() {
        StateBackend b = backend();
        KeyValueState<Row, Row> a = rows(b, "a");
        KeyValueState<Row, Row> other = rows(b, "b");
        a.put(Row.of(1L), Row.of("a"));
        other.put(Row.of(1L), Row.of("b"));
        assertThat(rows(b, "a").get(Row.of(1L))).isEqualTo(Row.of("a"));
        assertThat(drain(other.all())).containsExactly(entry(Row.of(1L), Row.of("b")));
        rows(b, "a").delete(Row.of(1L));
        assertThat(a.get(Row.of(1L))).isNull();
        assertThat(other.get(Row.of(1L))).isEqualTo(Row.of("b"));
    }

    @Test
    void anIteratorSeesTheStateAsOfItsCreation() {
        KeyValueState<Row, Row> s = rows(backend(), "it");
        for (long i = 0; i < 10; i++) {
            s.put(Row.of(i), Row.of(i));
        }
        List<Row> seen = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = s.all()) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                seen.add(e.getKey());
                long k = (Long) e.getKey().get(0);
                s.delete(e.getKey());
                s.delete(Row.of(k + 1)); // the next key: still seen
                s.put(Row.of(k + 100), Row.of(0)); // ahead of the cursor: not seen
                s.put(Row.of(-k - 1), Row.of(0)); // behind it
                for (int j = 0; j < 300; j++) { // enough to spill any write batch
                    s.put(Row.of(-1000L - j), Row.of(j));
                }
            }
        }
        assertThat(seen).hasSize(10).first().isEqualTo(Row.of(0L));
        assertThat(s.get(Row.of(0L))).isNull();
        assertThat(drain(s.range(Row.of(0L), Row.of(1000L))))
                .extracting(Map.Entry::getKey)
                .hasSize(10)
                .first()
                .isEqualTo(Row.of(100L));
    }

    @Test
    void readsSeeWritesBeforeAnyFlush() {
        KeyValueState<Row, Row> s = rows(backend(), "ryw");
        s.put(Row.of("k", 1L), Row.of(1));
        s.put(Row.of("k", 2L), Row.of(2));
        assertThat(s.get(Row.of("k", 1L))).isEqualTo(Row.of(1));
        assertThat(drain(s.prefix(Row.of("k")))).hasSize(2);
        s.put(Row.of("k", 1L), Row.of(10));
        s.delete(Row.of("k", 2L));
        assertThat(s.get(Row.of("k", 1L))).isEqualTo(Row.of(10));
        assertThat(s.get(Row.of("k", 2L))).isNull();
        assertThat(drain(s.prefix(Row.of("k"))))
                .containsExactly(entry(Row.of("k", 1L), Row.of(10)));
        s.delete(Row.of("k", 1L));
        assertThat(drain(s.all())).isEmpty();
    }

    @Test
    void checkpointThenRestoreGivesEqualContents() {
        StateBackend b = backend();
        KeyValueState<Row, Row> s = rows(b, "a");
        KeyValueState<Row, Row> t = rows(b, "b");
        for (long i = 0; i < 3_000; i++) {
            s.put(Row.of(i, "v" + i), Row.of(i * 2, new BigDecimal(i).movePointLeft(2)));
            t.put(Row.of(-i), Row.of("t\0é"));
        }
        t.delete(Row.of(-7L));
        List<Map.Entry<Row, Row>> sBefore = drain(s.all());
        List<Map.Entry<Row, Row>> tBefore = drain(t.all());
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        s.put(Row.of(1_000_000L), Row.of("after the checkpoint"));
        t.delete(Row.of(0L));

        StateBackend r = restored(checkpoint);
        assertThat(drain(rows(r, "a").all())).isEqualTo(sBefore);
        assertThat(drain(rows(r, "b").all())).isEqualTo(tBefore).hasSize(2_999);

        // The restored state lives apart: its writes change neither the original nor the
        // checkpoint, which restores again to the same contents.
        rows(r, "a").put(Row.of(-1L), Row.of("restored only"));
        r.flush();
        assertThat(s.get(Row.of(-1L))).isNull();
        assertThat(drain(rows(restored(checkpoint), "a").all())).isEqualTo(sBefore);
    }

    @Test
    void aCheckpointIsNeverOverwritten() {
        StateBackend b = backend();
        rows(b, "a").put(Row.of(1L), Row.of());
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        assertThatThrownBy(() -> b.checkpoint(checkpoint)).isInstanceOf(RuntimeException.class);
        assertThat(drain(rows(restored(checkpoint), "a").all())).hasSize(1);
    }

    @Test
    void anEmptyBackendRoundTrips() {
        StateBackend b = backend();
        rows(b, "never written");
        b.checkpoint(dir.resolve("cp"));
        assertThat(drain(rows(restored(dir.resolve("cp")), "never written").all())).isEmpty();
    }

    @Test
    void manyNamesStaySeparate() {
        StateBackend b = backend();
        for (int n = 0; n < 120; n++) {
            KeyValueState<Row, Row> s = rows(b, "operator-" + n + "/state");
            for (int i = 0; i <= n % 5; i++) {
                s.put(Row.of(i), Row.of(n));
            }
        }
        b.checkpoint(dir.resolve("cp"));
        StateBackend r = restored(dir.resolve("cp"));
        for (int n = 0; n < 120; n++) {
            List<Map.Entry<Row, Row>> entries = drain(rows(r, "operator-" + n + "/state").all());
            assertThat(entries).hasSize(n % 5 + 1);
            Row expected = Row.of(n);
            assertThat(entries).allMatch(e -> e.getValue().equals(expected));
        }
    }

    @Test
    void closingTheBackendClosesOpenIterators() {
        StateBackend b = backend();
        KeyValueState<Row, Row> s = rows(b, "a");
        for (long i = 0; i < 5; i++) {
            s.put(Row.of(i), Row.of(i));
        }
        CloseableIterator<Map.Entry<Row, Row>> untouched = s.all();
        CloseableIterator<Map.Entry<Row, Row>> halfway = s.prefix(Row.of());
        halfway.next();
        CloseableIterator<Map.Entry<Row, Row>> closedAlready = s.range(Row.of(0L), Row.of(3L));
        closedAlready.close();
        b.close();
        assertThatThrownBy(untouched::hasNext).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(halfway::next).isInstanceOf(IllegalStateException.class);
        untouched.close();
        halfway.close();
        b.close();
        assertThatThrownBy(() -> s.get(Row.of(1L))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.put(Row.of(1L), Row.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::all).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rows(b, "new")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::flush).isInstanceOf(IllegalStateException.class);
        assertThat(b.approximateSizeBytes()).isZero();
    }

    @Test
    void aClosedIteratorThrows() {
        KeyValueState<Row, Row> s = rows(backend(), "a");
        s.put(Row.of(1L), Row.of());
        CloseableIterator<Map.Entry<Row, Row>> it = s.all();
        it.close();
        it.close();
        assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class);
        CloseableIterator<Map.Entry<Row, Row>> done = s.all();
        done.next();
        assertThatThrownBy(done::next).isInstanceOf(java.util.NoSuchElementException.class);
        done.close();
    }

    @Test
    void approximateSizeGrowsWithWrites() {
        StateBackend b = backend();
        KeyValueState<Row, Row> s = rows(b, "a");
        long empty = b.approximateSizeBytes();
        assertThat(empty).isNotNegative();
        s.put(Row.of(1L), Row.of("x".repeat(1_000)));
        long one = b.approximateSizeBytes();
        assertThat(one).isGreaterThan(empty);
        for (long i = 0; i < 20_000; i++) {
            s.put(Row.of(i, "some key"), Row.of("some value", i));
        }
        assertThat(b.approximateSizeBytes()).isGreaterThan(one + 100_000);
        b.flush();
        assertThat(b.approximateSizeBytes()).isGreaterThan(one + 100_000);
    }

    /** Metrics read the size from another thread while the job writes, and closes. */
    @Test
    void sizeCanBeReadFromAnotherThreadAtAnyTime() throws Exception {
        StateBackend b = backend();
        KeyValueState<Row, Row> s = rows(b, "a");
        List<Throwable> failures = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (!stop.get()) {
                                    assertThat(b.approximateSizeBytes()).isNotNegative();
                                }
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        });
        reader.start();
        for (long i = 0; i < 20_000; i++) {
            s.put(Row.of(i % 3_000, "k"), Row.of(i));
            if (i % 1_000 == 0) {
                rows(b, "more-" + i).put(Row.of(i), Row.of());
            }
        }
        b.close();
        stop.set(true);
        reader.join();
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20_260_101})
    void randomOperationsMatchASortedMapModel(long seed) {
        new RandomStateOperations(seed, this::backend, this::restored, dir::resolve).run(10_000);
    }
}
