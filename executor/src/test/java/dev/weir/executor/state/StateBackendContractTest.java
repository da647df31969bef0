package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One contract, run against every backend (as Kafka Streams' AbstractKeyValueStoreTest does). */
abstract class StateBackendContractTest {
    @TempDir Path dir;
    private final List<StateBackend> opened = new ArrayList<>();

    abstract StateBackend create(Path directory);

    abstract StateBackend restore(Path checkpoint, Path directory);

    StateBackend backend() {
        StateBackend b = create(dir.resolve("state-" + opened.size()));
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(StateBackend::close);
    }

    private static List<String> keys(CloseableIterator<Map.Entry<Row, Row>> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue()));
        }
        return out;
    }

    @Test
    void putGetDeleteAndOverwrite() {
        KeyValueState<Row, Row> s =
                backend().keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE);
        assertThat(s.get(Row.of(1L))).isNull();
        s.put(Row.of(1L), Row.of("x"));
        s.put(Row.of(1L), Row.of("y", new BigDecimal("2.50")));
        assertThat(s.get(Row.of(1L))).isEqualTo(Row.of("y", new BigDecimal("2.50")));
        s.delete(Row.of(1L));
        assertThat(s.get(Row.of(1L))).isNull();
    }

    @Test
    void namesAreSeparateAndScansAreOrdered() {
        StateBackend b = backend();
        KeyValueState<Row, Row> a = b.keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE);
        KeyValueState<Row, Row> other = b.keyValueState("b", RowCodec.INSTANCE, RowCodec.INSTANCE);
        a.put(Row.of("k", 3L), Row.of(3));
        a.put(Row.of("k", -1L), Row.of(-1));
        a.put(Row.of("k", 10L), Row.of(10));
        a.put(Row.of("ka", 0L), Row.of(0));
        a.put(Row.of((Object) null, 5L), Row.of(5));
        other.put(Row.of("k", 1L), Row.of(1));
        assertThat(keys(a.prefix(Row.of("k"))))
                .containsExactly("[k, -1]=[-1]", "[k, 3]=[3]", "[k, 10]=[10]");
        assertThat(keys(a.range(Row.of("k", 0L), Row.of("k", 10L)))).containsExactly("[k, 3]=[3]");
        assertThat(keys(a.all())).first().isEqualTo("[null, 5]=[5]");
        assertThat(keys(other.all())).containsExactly("[k, 1]=[1]");
        assertThat(b.keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE).get(Row.of("ka", 0L)))
                .isEqualTo(Row.of(0));
    }

    @Test
    void writingWhileIteratingIsSafe() {
        KeyValueState<Row, Row> s =
                backend().keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE);
        for (long i = 0; i < 10; i++) {
            s.put(Row.of(i), Row.of(i));
        }
        try (CloseableIterator<Map.Entry<Row, Row>> it = s.all()) {
            while (it.hasNext()) {
                Row key = it.next().getKey();
                s.delete(key);
                s.put(Row.of((Long) key.get(0) + 100), Row.of(0));
            }
        }
        assertThat(keys(s.all())).hasSize(10).first().isEqualTo("[100]=[0]");
    }

    @Test
    void checkpointThenRestoreGivesEqualContents() {
        StateBackend b = backend();
        KeyValueState<Row, Row> s = b.keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE);
        KeyValueState<Row, Row> t = b.keyValueState("b", RowCodec.INSTANCE, RowCodec.INSTANCE);
        for (long i = 0; i < 100; i++) {
            s.put(Row.of(i, "v" + i), Row.of(i * 2));
            t.put(Row.of(-i), Row.of("t"));
        }
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        s.put(Row.of(1000L), Row.of("after the checkpoint"));
        StateBackend restored = restore(checkpoint, dir.resolve("restored"));
        opened.add(restored);
        KeyValueState<Row, Row> rs =
                restored.keyValueState("a", RowCodec.INSTANCE, RowCodec.INSTANCE);
        assertThat(keys(rs.all()))
                .hasSize(100)
                .isEqualTo(keys(s.range(Row.of(Long.MIN_VALUE), Row.of(1000L))));
        assertThat(keys(restored.keyValueState("b", RowCodec.INSTANCE, RowCodec.INSTANCE).all()))
                .hasSize(100);
        assertThat(restored.approximateSizeBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void randomOperationsMatchASortedMapModel() {
        for (int seed = 0; seed < 3; seed++) {
            Random random = new Random(seed);
            KeyValueState<Row, Row> s =
                    backend().keyValueState("m" + seed, RowCodec.INSTANCE, RowCodec.INSTANCE);
            TreeMap<byte[], Row> model = new TreeMap<>(Arrays::compareUnsigned);
            for (int i = 0; i < 5_000; i++) {
                Row key =
                        Row.of(
                                random.nextInt(5) == 0 ? null : "k" + random.nextInt(4),
                                (long) random.nextInt(200) - 100);
                byte[] encoded = RowCodec.INSTANCE.toBytes(key);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        Row value = Row.of(random.nextLong());
                        s.put(key, value);
                        model.put(encoded, value);
                    }
                    case 2 -> {
                        s.delete(key);
                        model.remove(encoded);
                    }
                    default -> assertThat(s.get(key)).isEqualTo(model.get(encoded));
                }
            }
            List<Row> expected = new ArrayList<>(model.values());
            List<Row> actual = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it = s.all()) {
                it.forEachRemaining(e -> actual.add(e.getValue()));
            }
            assertThat(actual).isEqualTo(expected);
        }
    }
}

class HeapStateBackendTest extends StateBackendContractTest {
    @Override
    StateBackend create(Path directory) {
        return new HeapStateBackend();
    }

    @Override
    StateBackend restore(Path checkpoint, Path directory) {
        return HeapStateBackend.restore(checkpoint);
    }
}

class RocksDbStateBackendTest extends StateBackendContractTest {
    @Override
    StateBackend create(Path directory) {
        return RocksDbStateBackend.open(directory);
    }

    @Override
    StateBackend restore(Path checkpoint, Path directory) {
        return RocksDbStateBackend.restore(checkpoint, directory);
    }

    @Test
    void reopeningAClosedDatabaseKeepsItsFlushedState() {
        Path path = dir.resolve("reopen");
        try (StateBackend b = RocksDbStateBackend.open(path)) {
            b.keyValueState("x", RowCodec.INSTANCE, RowCodec.INSTANCE)
                    .put(Row.of(1L), Row.of("one"));
            b.flush();
        }
        try (StateBackend b = RocksDbStateBackend.open(path)) {
            assertThat(b.keyValueState("x", RowCodec.INSTANCE, RowCodec.INSTANCE).get(Row.of(1L)))
                    .isEqualTo(Row.of("one"));
        }
    }

    @Test
    void anotherFormatIsRefusedWithAMessageNamingTheFile() throws Exception {
        Path path = dir.resolve("old");
        java.nio.file.Files.createDirectories(path);
        java.nio.file.Files.writeString(path.resolve("STATE_FORMAT"), "weir-state-0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RocksDbStateBackend.open(path))
                .isInstanceOf(dev.weir.common.error.WeirException.class)
                .hasMessageContaining(path.resolve("STATE_FORMAT").toString())
                .hasMessageContaining("weir-state-0");
    }
}
