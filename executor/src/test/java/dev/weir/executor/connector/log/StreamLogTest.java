package dev.weir.executor.connector.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamLogTest {
    @TempDir Path dir;

    private static final List<Row> ROWS =
            List.of(
                    Row.of(1L, "a", new BigDecimal("1.50")),
                    Row.of(2L, null, new BigDecimal("-3")),
                    Row.of(3L, "c\0d", null));

    @Test
    void appendedRowsAreReadBackAfterReopening() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(ROWS.subList(0, 2));
            log.append(ROWS.subList(2, 3));
            assertThat(log.read(0, log.end(), 10).rows()).isEqualTo(ROWS);
            assertThat(log.read(0, log.end(), 2).rows()).isEqualTo(ROWS.subList(0, 2));
        }
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.NEVER)) {
            assertThat(log.count()).isEqualTo(3);
            StreamLog.Batch first = log.read(0, log.end(), 1);
            assertThat(first.rows()).containsExactly(ROWS.get(0));
            assertThat(log.read(first.next(), log.end(), 10).rows()).isEqualTo(ROWS.subList(1, 3));
        }
    }

    @Test
    void aTornLastRecordIsCutOff() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(ROWS);
        }
        Path file = dir.resolve(StreamLog.FILE);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 3); // a crash in the middle of writing the last record
        }
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.read(0, log.end(), 10).rows()).isEqualTo(ROWS.subList(0, 2));
            log.append(List.of(Row.of(4L, "d", null)));
            assertThat(log.read(0, log.end(), 10).rows()).hasSize(3);
        }
    }

    @Test
    void damageInTheMiddleRefusesToOpenAndNamesTheFile() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(ROWS);
        }
        Path file = dir.resolve(StreamLog.FILE);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(10);
            raf.write(0x7F);
        }
        assertThatThrownBy(() -> StreamLog.open(dir, FsyncPolicy.ALWAYS))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                            assertThat(e.getMessage())
                                    .contains(file.toString())
                                    .contains("at byte 0");
                        });
    }
}
