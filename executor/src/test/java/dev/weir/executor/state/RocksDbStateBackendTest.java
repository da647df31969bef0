package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    void reopeningKeepsFlushedStateInEveryColumnFamily() {
        Path path = dir.resolve("reopen");
        try (StateBackend b = RocksDbStateBackend.open(path)) {
            for (int n = 0; n < 50; n++) {
                rows(b, "family-" + n).put(Row.of(n), Row.of("value " + n));
            }
            b.flush();
        }
        try (StateBackend b = RocksDbStateBackend.open(path)) {
            for (int n = 0; n < 50; n++) {
                assertThat(drain(rows(b, "family-" + n).all()))
                        .containsExactly(entry(Row.of(n), Row.of("value " + n)));
            }
        }
    }

    @Test
    void theFormatFileIsWrittenOnCreation() throws Exception {
        Path path = dir.resolve("new");
        RocksDbStateBackend.open(path).close();
        assertThat(Files.readString(path.resolve("STATE_FORMAT")).strip())
                .isEqualTo(RocksDbStateBackend.FORMAT_VERSION);
    }

    @Test
    void anotherFormatIsRefusedWithAMessageNamingTheFile() throws Exception {
        Path path = dir.resolve("old");
        RocksDbStateBackend.open(path).close();
        Files.writeString(path.resolve("STATE_FORMAT"), "weir-state-0");
        assertThatThrownBy(() -> RocksDbStateBackend.open(path))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED))
                .hasMessageContaining("'" + path.resolve("STATE_FORMAT") + "'")
                .hasMessageContaining("'weir-state-0'")
                .hasMessageContaining("'" + RocksDbStateBackend.FORMAT_VERSION + "'")
                .hasMessageContaining("delete the directory");
    }

    @Test
    void aDatabaseWithoutAFormatFileIsRefused() throws Exception {
        Path path = dir.resolve("foreign");
        RocksDbStateBackend.open(path).close();
        Files.delete(path.resolve("STATE_FORMAT"));
        assertThatThrownBy(() -> RocksDbStateBackend.open(path))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("no 'STATE_FORMAT' file");
    }

    @Test
    void aDirectoryInUseIsRefused() {
        Path path = dir.resolve("busy");
        try (StateBackend b = RocksDbStateBackend.open(path)) {
            assertThatThrownBy(() -> RocksDbStateBackend.open(path))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("no other Weir process");
        }
    }

    @Test
    void restoreNeedsAnEmptyDirectoryAndAVersionedCheckpoint() throws Exception {
        StateBackend b = backend();
        rows(b, "a").put(Row.of(1L), Row.of());
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("something"), "");
        assertThatThrownBy(() -> RocksDbStateBackend.restore(checkpoint, busy))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("is not empty");
        Files.delete(checkpoint.resolve("STATE_FORMAT"));
        assertThatThrownBy(() -> RocksDbStateBackend.restore(checkpoint, dir.resolve("fresh")))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("STATE_FORMAT");
    }

    @Test
    void aCheckpointOfANewerStateFormatIsRefusedNotMisread() throws Exception {
        StateBackend b = backend();
        rows(b, "a").put(Row.of(1L), Row.of());
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        Path format = checkpoint.resolve("STATE_FORMAT");
        Files.writeString(format, "weir-state-2\n");
        Path working = dir.resolve("fresh");
        assertThatThrownBy(() -> RocksDbStateBackend.restore(checkpoint, working))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "The state format file '"
                                                    + format
                                                    + "' says 'weir-state-2', written by a newer"
                                                    + " release of Weir, but this Weir reads only"
                                                    + " 'weir-state-1'. Start the Weir release"
                                                    + " that wrote it, or delete the directory '"
                                                    + checkpoint
                                                    + "' to rebuild the state from the"
                                                    + " sources.");
                        });
        assertThat(working).doesNotExist();
    }

    @Test
    void closeAndDeleteRemovesTheDirectory() {
        Path path = dir.resolve("doomed");
        RocksDbStateBackend b = RocksDbStateBackend.open(path);
        rows(b, "a").put(Row.of(1L), Row.of());
        b.flush();
        b.closeAndDelete();
        assertThat(path).doesNotExist();
    }
}
