package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbSnapshotStore;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State on a disk that fills ({@link RocksDbDisk}): RocksDB's flush fails as on a full disk, the
 * backend reports DISK_FULL and takes no more writes (RocksDB has stopped the database), reads go
 * on, a checkpoint leaves nothing behind, and the state reopened once there is room has everything
 * flushed before the disk filled.
 */
class RocksDbDiskTest {
    @TempDir Path dir;

    private static KeyValueState<Row, Row> rows(StateBackend backend) {
        return backend.keyValueState("rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    private static void assertDiskFull(Throwable e, Path state) {
        assertThat(e).isInstanceOf(WeirException.class);
        WeirException weir = (WeirException) e;
        assertThat(weir.code()).isEqualTo(ErrorCode.DISK_FULL);
        assertThat(weir.code().sqlState()).isEqualTo("53100");
        assertThat(weir.getMessage())
                .isEqualTo(
                        "Cannot write the state in '"
                                + state
                                + "': Max allowed space was reached. Free disk space: a"
                                + " materialized view or INSERT ... SELECT whose state this is"
                                + " resumes from its last checkpoint once there is room.");
    }

    @Test
    void aFlushOnAFullDiskIsDiskFullAndLeavesTheBackendUnwritableUntilReopened() {
        RocksDbDisk disk = RocksDbDisk.fillable();
        Path state = dir.resolve("state");
        try (StateBackend backend = RocksDbStateBackend.open(state, disk)) {
            rows(backend).put(Row.of(1L), Row.of("one"));
            backend.flush();
            disk.fill();
            rows(backend).put(Row.of(2L), Row.of("two")); // in memory: no file yet
            assertThat(backend.writeFailure()).isEmpty();
            assertThatThrownBy(backend::flush).satisfies(e -> assertDiskFull(e, state));
            assertThat(backend.writeFailure()).isPresent();
            // Stopped: writes and checkpoints fail with the same error, and leave nothing.
            assertThatThrownBy(() -> rows(backend).put(Row.of(3L), Row.of("three")))
                    .satisfies(e -> assertDiskFull(e, state));
            Path checkpoint = dir.resolve("checkpoint");
            assertThatThrownBy(() -> backend.checkpoint(checkpoint))
                    .satisfies(e -> assertDiskFull(e, state));
            assertThat(checkpoint).doesNotExist();
            assertThat(dir.resolve("checkpoint.inprogress")).doesNotExist();
            // Healing does not restart a stopped database; reads go on meanwhile.
            disk.heal();
            assertThatThrownBy(backend::flush).satisfies(e -> assertDiskFull(e, state));
            assertThat(rows(backend).get(Row.of(1L))).isEqualTo(Row.of("one"));
        }
        try (StateBackend reopened = RocksDbStateBackend.open(state, disk)) {
            assertThat(rows(reopened).get(Row.of(1L))).isEqualTo(Row.of("one"));
            rows(reopened).put(Row.of(4L), Row.of("four"));
            reopened.flush();
            reopened.checkpoint(dir.resolve("after"));
            assertThat(reopened.writeFailure()).isEmpty();
        }
        assertThat(disk.isFull()).isFalse();
    }

    @Test
    void aDatabaseOpenedOnAFullDiskFailsAtItsFirstFlushAndOneOpenedAfterHealingDoesNot() {
        RocksDbDisk disk = RocksDbDisk.fillable().fill();
        try (StateBackend backend = RocksDbStateBackend.open(dir.resolve("full"), disk)) {
            rows(backend).put(Row.of(1L), Row.of("one"));
            assertThatThrownBy(backend::flush)
                    .isInstanceOfSatisfying(
                            WeirException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL));
        }
        disk.heal();
        try (StateBackend backend = RocksDbStateBackend.open(dir.resolve("healed"), disk)) {
            rows(backend).put(Row.of(1L), Row.of("one"));
            backend.flush();
        }
    }

    @Test
    void aStoreOnAFullDiskRefusesWritesOnceItsFlushFailedWithDiskFull() {
        RocksDbDisk disk = RocksDbDisk.fillable().fill();
        Path directory = dir.resolve("store");
        try (SnapshotStore store = RocksDbSnapshotStore.open(directory, disk)) {
            // A store flushes only when its memtable is full: write past a memtable (8 MiB).
            byte[] value = new byte[64 << 10];
            WeirException failure = null;
            for (int i = 0; i < 1_000 && failure == null; i++) {
                try {
                    store.apply(
                            List.of(
                                    SnapshotStore.Write.put(
                                            ("key-" + i)
                                                    .getBytes(
                                                            java.nio.charset.StandardCharsets
                                                                    .UTF_8),
                                            value)));
                } catch (WeirException e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.code()).isEqualTo(ErrorCode.DISK_FULL);
            assertThat(failure.getMessage())
                    .startsWith("Cannot write the state in '" + directory + "': ");
        }
    }

    @Test
    void theRealDiskCannotBeFilled() {
        assertThatThrownBy(RocksDbDisk.REAL::fill)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The real disk cannot be filled or healed by Weir.");
    }
}
