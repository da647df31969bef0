package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.state.memory.HeapSnapshotStore;
import dev.weir.executor.state.rocksdb.RocksDbSnapshotStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One contract for both {@link SnapshotStore}s: batches, prefix scans as of their start, close. */
class SnapshotStoreContractTest {
    @TempDir Path directory;

    private SnapshotStore open(String kind) {
        return kind.equals("rocksdb")
                ? RocksDbSnapshotStore.open(directory.resolve("store"))
                : new HeapSnapshotStore();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(CloseableIterator<Map.Entry<byte[], byte[]>> scan) {
        List<String> seen = new ArrayList<>();
        try (scan) {
            while (scan.hasNext()) {
                Map.Entry<byte[], byte[]> e = scan.next();
                seen.add(
                        new String(e.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + new String(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void batchesApplyInOrderAndScansSeeTheStoreAsOfTheirStart(String kind) {
        try (SnapshotStore store = open(kind)) {
            store.apply(
                    List.of(
                            SnapshotStore.Write.put(b("a2"), b("1")),
                            SnapshotStore.Write.put(b("a1"), b("1")),
                            SnapshotStore.Write.put(b("b1"), b("1")),
                            SnapshotStore.Write.put(b("a1"), b("2")),
                            SnapshotStore.Write.put(b("a3"), b("1")),
                            SnapshotStore.Write.delete(b("a3"))));
            assertThat(new String(store.get(b("a1")), StandardCharsets.UTF_8)).isEqualTo("2");
            assertThat(store.get(b("a3"))).isNull();
            CloseableIterator<Map.Entry<byte[], byte[]>> before = store.scan(b("a"));
            store.apply(
                    List.of(
                            SnapshotStore.Write.delete(b("a1")),
                            SnapshotStore.Write.put(b("a0"), b("9"))));
            assertThat(drain(before)).containsExactly("a1=2", "a2=1");
            assertThat(drain(store.scan(b("a")))).containsExactly("a0=9", "a2=1");
            assertThat(drain(store.scan(b("")))).containsExactly("a0=9", "a2=1", "b1=1");
            assertThat(drain(store.scan(b("c")))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aClosedStoreRefusesEveryCallAndItsOpenScans(String kind) throws Exception {
        SnapshotStore store = open(kind);
        store.apply(List.of(SnapshotStore.Write.put(b("k"), b("v"))));
        CloseableIterator<Map.Entry<byte[], byte[]>> open = store.scan(b(""));
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(() -> store.get(b("k"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.apply(List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.scan(b(""))).isInstanceOf(IllegalStateException.class);
        if (kind.equals("rocksdb")) {
            assertThatThrownBy(open::hasNext).isInstanceOf(IllegalStateException.class);
            assertThat(Files.exists(directory.resolve("store"))).isFalse();
        }
        open.close();
    }

    /** A crash leaves the store's files; the next start rebuilds it, so opening discards them. */
    @Test
    void openingStartsEmptyWhateverAnEarlierRunLeft() throws Exception {
        Path store = directory.resolve("store");
        Files.createDirectories(store);
        Files.writeString(store.resolve("CURRENT"), "not a manifest\n");
        try (SnapshotStore reopened = RocksDbSnapshotStore.open(store)) {
            assertThat(drain(reopened.scan(b("")))).isEmpty();
            reopened.apply(List.of(SnapshotStore.Write.put(b("k"), b("v"))));
            assertThat(drain(reopened.scan(b("")))).containsExactly("k=v");
        }
    }
}
