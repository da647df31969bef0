package dev.weir.executor.connector.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.io.FailingDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends on a disk that fills up or fails to sync: the append fails with DISK_FULL, nothing of it
 * is ever read (now or after a reopen), the log is not left corrupt, and it takes appends again
 * once the disk is healthy.
 */
class StreamLogDiskFailureTest {
    @TempDir Path dir;

    private final FailingDisk disk = new FailingDisk();

    private static List<Row> rows(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> Row.of(i, "row " + i)).toList();
    }

    private LogConfig config() {
        return LogConfig.defaults().withFiles(disk);
    }

    private static List<Row> readAll(StreamLog log) {
        List<Row> rows = new ArrayList<>();
        long next = 0;
        while (next < log.end()) {
            StreamLog.Batch batch = log.read(next, Long.MAX_VALUE, 100);
            rows.addAll(batch.rows());
            next = batch.next();
        }
        return rows;
    }

    private static List<Row> concat(List<Row> a, List<Row> b) {
        List<Row> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void assertDiskFull(Runnable append, String... messageParts) {
        assertThatThrownBy(append::run)
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL);
                            assertThat(e.code().sqlState()).isEqualTo("53100");
                            assertThat(e.getMessage()).contains(messageParts);
                        });
    }

    @Test
    void aWriteThatFillsTheDiskHalfWayFailsAndLeavesNothingOfTheAppend() throws IOException {
        Path segment = dir.resolve(LogSegment.fileName(0));
        long sizeAfterFirst;
        try (StreamLog log = StreamLog.open(dir, config())) {
            log.append(rows(0, 3));
            sizeAfterFirst = Files.size(segment);
            disk.fillUpAfter(20); // part of the next batch's first record
            assertDiskFull(
                    () -> log.append(rows(3, 8)),
                    "Cannot write the stream log segment '" + segment + "'",
                    FailingDisk.NO_SPACE,
                    "Nothing of this INSERT was stored.");
            assertThat(log.end()).isEqualTo(3);
            assertThat(Files.size(segment)).isEqualTo(sizeAfterFirst);
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
            disk.heal();
            assertThat(log.append(rows(10, 12))).isEqualTo(new OffsetRange(3, 5));
            assertThat(readAll(log)).isEqualTo(concat(rows(0, 3), rows(10, 12)));
        }
        try (StreamLog log = StreamLog.open(dir, LogConfig.defaults())) {
            assertThat(log.truncatedBytes()).isZero();
            assertThat(readAll(log)).isEqualTo(concat(rows(0, 3), rows(10, 12)));
        }
    }

    @Test
    void aSyncThatFailsUndoesTheAppendSoTheNextOneNeverShowsItsRows() {
        try (StreamLog log = StreamLog.open(dir, config())) {
            log.append(rows(0, 3));
            disk.failSyncs();
            assertDiskFull(
                    () -> log.append(rows(3, 8)),
                    FailingDisk.IO_ERROR,
                    "Nothing of this INSERT was stored.");
            assertThat(log.end()).isEqualTo(3);
            disk.heal();
            // Written but never synced, the failed rows must not slip in with the next append.
            assertThat(log.append(rows(10, 12))).isEqualTo(new OffsetRange(3, 5));
            assertThat(readAll(log)).isEqualTo(concat(rows(0, 3), rows(10, 12)));
        }
        try (StreamLog log = StreamLog.open(dir, LogConfig.defaults())) {
            assertThat(readAll(log)).isEqualTo(concat(rows(0, 3), rows(10, 12)));
        }
    }

    @Test
    void anAppendThatCannotBeUndoneStopsTheLogTakingAppendsUntilReopened() {
        try (StreamLog log = StreamLog.open(dir, config())) {
            log.append(rows(0, 3));
            disk.failSyncs().failTruncates();
            assertDiskFull(() -> log.append(rows(3, 8)), FailingDisk.IO_ERROR);
            disk.heal();
            assertDiskFull(
                    () -> log.append(rows(10, 12)),
                    "takes no appends",
                    "failed too",
                    "restart the server");
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
        }
        // The failed append's bytes stayed on disk, whole: on reopen they are an append like any
        // other (the failure said nothing of it was acknowledged, not that it was absent). What
        // matters is that it is whole or absent, and that the log opens.
        try (StreamLog log = StreamLog.open(dir, LogConfig.defaults())) {
            assertThat(readAll(log)).isEqualTo(rows(0, 8));
            assertThat(log.append(rows(10, 12))).isEqualTo(new OffsetRange(8, 10));
        }
    }

    @Test
    void aNewSegmentThatCannotBeCreatedLeavesNoFileBehind() {
        LogConfig small = config().withSegmentBytes(200);
        try (StreamLog log = StreamLog.open(dir, small)) {
            log.append(rows(0, 5));
            assertThat(log.segmentCount()).isEqualTo(1);
            disk.fillUpAfter(0);
            assertDiskFull(
                    () -> log.append(rows(5, 10)),
                    "a new segment of the stream log in '" + dir + "'",
                    FailingDisk.NO_SPACE);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve(LogSegment.fileName(5)))).isFalse();
            disk.heal();
            log.append(rows(1, 2)); // fits in the first segment
            assertThat(log.append(rows(5, 10))).isEqualTo(new OffsetRange(6, 11));
        }
        try (StreamLog log = StreamLog.open(dir, small)) {
            List<Row> expected = concat(concat(rows(0, 5), rows(1, 2)), rows(5, 10));
            assertThat(readAll(log)).isEqualTo(expected);
        }
    }

    @Test
    void underEveryPolicyAFailedWriteLeavesTheLogAsBefore() {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path logDir = dir.resolve(policy.name());
            LogConfig config = new LogConfig(1 << 20, policy, 5, disk);
            try (StreamLog log = StreamLog.open(logDir, config)) {
                log.append(rows(0, 3));
                disk.fillUpAfter(50);
                assertDiskFull(() -> log.append(rows(3, 100)), FailingDisk.NO_SPACE);
                disk.heal();
                log.append(rows(100, 101));
            }
            try (StreamLog log = StreamLog.open(logDir, LogConfig.defaults())) {
                assertThat(readAll(log))
                        .as(policy.name())
                        .isEqualTo(concat(rows(0, 3), rows(100, 101)));
            }
        }
    }
}
