package dev.weir.executor.connector.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamLogTest {
    @TempDir Path dir;

    private static final List<Row> ROWS =
            List.of(
                    Row.of(1L, "a", new BigDecimal("1.50")),
                    Row.of(2L, null, new BigDecimal("-3")),
                    Row.of(3L, "c\0d", null));

    private static List<Row> rows(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> Row.of(i, "row " + i, i * 0.5)).toList();
    }

    private static Path segment(Path dir, long base) {
        return dir.resolve(LogSegment.fileName(base));
    }

    private static List<Row> readAll(StreamLog log, long from) {
        List<Row> rows = new ArrayList<>();
        long next = from;
        while (next < log.end()) {
            StreamLog.Batch batch = log.read(next, Long.MAX_VALUE, 7);
            rows.addAll(batch.rows());
            next = batch.next();
        }
        return rows;
    }

    /** One append per row: each row is an append of its own, kept or cut on its own. */
    private static void appendOneByOne(StreamLog log, List<Row> rows) {
        for (Row row : rows) {
            log.append(List.of(row));
        }
    }

    private static void setLength(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    private static void writeByte(Path file, long position, int b) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(b);
        }
    }

    @Test
    void appendsReturnTheirOffsetsAndAreReadBackAfterReopening() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.append(ROWS.subList(0, 2))).isEqualTo(new OffsetRange(0, 2));
            assertThat(log.append(ROWS.subList(2, 3))).isEqualTo(new OffsetRange(2, 3));
            assertThat(log.append(List.of())).isEqualTo(new OffsetRange(3, 3));
            assertThat(log.read(0, 3, 10).rows()).isEqualTo(ROWS);
            assertThat(log.read(1, 2, 10)).isEqualTo(new StreamLog.Batch(ROWS.subList(1, 2), 2));
        }
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.end()).isEqualTo(3);
            assertThat(log.count()).isEqualTo(3);
            assertThat(log.truncatedBytes()).isZero();
            assertThat(log.read(0, Long.MAX_VALUE, 10)).isEqualTo(new StreamLog.Batch(ROWS, 3));
            assertThat(log.append(ROWS.subList(0, 1))).isEqualTo(new OffsetRange(3, 4));
        }
    }

    @Test
    void everyFsyncPolicyKeepsWhatWasAppendedAcrossAReopen() {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path logDir = dir.resolve(policy.name());
            LogConfig config = new LogConfig(1 << 20, policy, 5);
            try (StreamLog log = StreamLog.open(logDir, config)) {
                for (int i = 0; i < 20; i++) {
                    log.append(rows(i * 10, i * 10 + 10));
                }
            }
            try (StreamLog log = StreamLog.open(logDir, config)) {
                assertThat(readAll(log, 0)).as(policy.name()).isEqualTo(rows(0, 200));
            }
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndReported() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            appendOneByOne(log, ROWS);
        }
        Path file = segment(dir, 0);
        long size = Files.size(file);
        setLength(file, size - 3); // a crash in the middle of writing the last record
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.end()).isEqualTo(2);
            long lastRecord = size - Files.size(file);
            assertThat(log.truncatedBytes()).isEqualTo(lastRecord - 3).isPositive();
            assertThat(log.read(0, log.end(), 10).rows()).isEqualTo(ROWS.subList(0, 2));
            assertThat(log.append(List.of(Row.of(4L, "d", null)))).isEqualTo(new OffsetRange(2, 3));
        }
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.truncatedBytes()).isZero();
            assertThat(log.read(0, log.end(), 10).rows())
                    .containsExactly(ROWS.get(0), ROWS.get(1), Row.of(4L, "d", null));
        }
    }

    @Test
    void aTornHeaderAndATailOfZerosAreCutOffToo() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(ROWS);
        }
        Path file = segment(dir, 0);
        long size = Files.size(file);
        setLength(file, size + 5); // half a header
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.end()).isEqualTo(3);
            assertThat(log.truncatedBytes()).isEqualTo(5);
        }
        setLength(file, size + 4096); // blocks allocated, never written
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.end()).isEqualTo(3);
            assertThat(log.truncatedBytes()).isEqualTo(4096);
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void aBadChecksumOnTheLastRecordIsATornWrite() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            appendOneByOne(log, ROWS);
        }
        Path file = segment(dir, 0);
        writeByte(file, Files.size(file) - 1, 0x55);
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.read(0, log.end(), 10).rows()).isEqualTo(ROWS.subList(0, 2));
        }
    }

    @Test
    void aBadChecksumInTheMiddleRefusesToOpenAndNamesTheFileAndByte() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            appendOneByOne(log, ROWS);
        }
        Path file = segment(dir, 0);
        writeByte(file, LogSegment.FILE_HEADER + 10, 0x7F); // in the first record's payload
        assertThatThrownBy(() -> StreamLog.open(dir, FsyncPolicy.ALWAYS))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                            assertThat(e.getMessage())
                                    .contains(file.toString())
                                    .contains("damaged at byte 8 (bad checksum)");
                        });
    }

    @Test
    void damageInAnEarlierSegmentIsNeverTakenForATornTail() throws IOException {
        LogConfig small = LogConfig.defaults().withSegmentBytes(200);
        try (StreamLog log = StreamLog.open(dir, small)) {
            for (int i = 0; i < 10; i++) {
                log.append(rows(i * 5, i * 5 + 5));
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
        }
        Path first = segment(dir, 0);
        setLength(first, Files.size(first) - 1);
        assertThatThrownBy(() -> StreamLog.open(dir, small))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                            assertThat(e.getMessage()).contains(first.toString()).contains("torn");
                        });
    }

    @Test
    void segmentsRollBySizeAndReadsCrossThemFromAnyOffset() throws IOException {
        LogConfig small = LogConfig.defaults().withSegmentBytes(1_000);
        try (StreamLog log = StreamLog.open(dir, small)) {
            for (int i = 0; i < 100; i++) {
                log.append(rows(i * 10, i * 10 + 10));
            }
            assertThat(log.segmentCount()).isGreaterThan(10);
            for (long from : new long[] {0, 1, 9, 10, 11, 499, 990, 999, 1000}) {
                assertThat(readAll(log, from)).as("from " + from).isEqualTo(rows(from, 1000));
            }
            assertThat(log.read(123, 130, 100).rows()).isEqualTo(rows(123, 130));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names.get(0)).isEqualTo("00000000000000000000.log");
            assertThat(names.get(1)).matches("000000000000000000[1-9]0\\.log");
        }
        try (StreamLog log = StreamLog.open(dir, small)) {
            assertThat(log.end()).isEqualTo(1000);
            assertThat(readAll(log, 0)).isEqualTo(rows(0, 1000));
        }
    }

    @Test
    void theSparseIndexFindsOffsetsDeepInsideALargeSegment() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.NEVER)) {
            log.append(rows(0, 20_000));
            assertThat(log.segmentCount()).isEqualTo(1);
            for (long from = 0; from < 20_000; from += 1_237) {
                assertThat(log.read(from, from + 3, 10).rows()).isEqualTo(rows(from, from + 3));
            }
        }
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.NEVER)) {
            assertThat(log.read(19_998, Long.MAX_VALUE, 10).rows()).isEqualTo(rows(19_998, 20_000));
        }
    }

    @Test
    void retentionDeletesWholeSegmentsBeforeAnOffset() {
        LogConfig small = LogConfig.defaults().withSegmentBytes(1_000);
        try (StreamLog log = StreamLog.open(dir, small)) {
            for (int i = 0; i < 50; i++) {
                log.append(rows(i * 10, i * 10 + 10));
            }
            int segments = log.segmentCount();
            long start = log.deleteBefore(205);
            assertThat(start).isLessThanOrEqualTo(205).isGreaterThan(0);
            assertThat(log.startOffset()).isEqualTo(start);
            assertThat(log.segmentCount()).isLessThan(segments);
            assertThat(readAll(log, start)).isEqualTo(rows(start, 500));
            assertThatThrownBy(() -> log.read(0, 10, 10))
                    .isInstanceOfSatisfying(
                            WeirException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.CONNECTOR_ERROR);
                                assertThat(e.getMessage())
                                        .contains("deleted by retention")
                                        .contains("starts at offset " + start);
                            });
            assertThat(log.deleteBefore(Long.MAX_VALUE)).isLessThan(500);
            assertThat(log.segmentCount()).isEqualTo(1); // the one being written stays
            assertThat(log.append(rows(500, 501))).isEqualTo(new OffsetRange(500, 501));
        }
        try (StreamLog log = StreamLog.open(dir, small)) {
            assertThat(log.end()).isEqualTo(501);
            assertThat(readAll(log, log.startOffset()).get(0))
                    .isEqualTo(rows(log.startOffset(), log.startOffset() + 1).get(0));
        }
    }

    @Test
    void aReaderResumesExactlyFromItsPosition() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 100));
            LogReader first = log.reader(0, 100);
            assertThat(first.poll(30)).isEqualTo(rows(0, 30));
            SourcePosition position = first.position();
            LogReader second = log.reader(0, 100);
            second.open(SourcePosition.fromBytes(position.toBytes()));
            assertThat(second.poll(1_000)).isEqualTo(rows(30, 100));
            assertThat(second.isEnded()).isTrue();
            assertThat(second.poll(10)).isEmpty();
        }
    }

    @Test
    void aTailingReaderSeesNewAppends() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            LogReader reader = log.reader(0, Long.MAX_VALUE);
            assertThat(reader.poll(10)).isEmpty();
            log.append(rows(0, 3));
            assertThat(reader.poll(10)).isEqualTo(rows(0, 3));
            assertThat(reader.poll(10)).isEmpty();
            log.append(rows(3, 5));
            assertThat(reader.poll(10)).isEqualTo(rows(3, 5));
            assertThat(reader.isEnded()).isFalse();
        }
    }

    @Test
    void concurrentTailingReadersSeeEveryRecordInOrderWhileOneWriterAppends() throws Exception {
        int batches = 400;
        int perBatch = 10;
        long total = (long) batches * perBatch;
        LogConfig small = LogConfig.of(FsyncPolicy.NEVER).withSegmentBytes(4_000);
        try (StreamLog log = StreamLog.open(dir, small)) {
            List<List<Row>> seen = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                List<Row> got = new ArrayList<>();
                seen.add(got);
                LogReader reader = log.reader(0, Long.MAX_VALUE);
                Thread thread =
                        new Thread(
                                () -> {
                                    try {
                                        while (got.size() < total) {
                                            log.awaitAppend(reader.nextOffset(), 1_000);
                                            got.addAll(reader.poll(37));
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
                thread.start();
                readers.add(thread);
            }
            for (int b = 0; b < batches; b++) {
                log.append(rows((long) b * perBatch, (long) (b + 1) * perBatch));
            }
            for (Thread thread : readers) {
                thread.join();
            }
            for (List<Row> got : seen) {
                assertThat(got).isEqualTo(rows(0, total));
            }
        }
    }

    @Test
    void aLogOfTheSingleFileFormatIsAdoptedAsItsFirstSegment() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(ROWS);
        }
        Files.move(segment(dir, 0), dir.resolve("events.log"));
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.read(0, Long.MAX_VALUE, 10).rows()).isEqualTo(ROWS);
        }
        assertThat(dir.resolve("events.log")).doesNotExist();
    }

    @Test
    void deleteRemovesTheDirectory() {
        LogConfig small = LogConfig.defaults().withSegmentBytes(100);
        try (StreamLog log = StreamLog.open(dir.resolve("s"), small)) {
            log.append(rows(0, 10));
            log.append(rows(10, 20));
        }
        StreamLog.delete(dir.resolve("s"));
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void aReaderReadsAPastPollAgainUpToItsPosition() {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 10));
            LogReader first = log.reader(0, Long.MAX_VALUE);
            first.open(SourcePosition.START);
            assertThat(first.poll(4)).isEqualTo(rows(0, 4));
            SourcePosition afterFirst = first.position();
            assertThat(first.poll(3)).isEqualTo(rows(4, 7));
            SourcePosition afterSecond = first.position();
            log.append(rows(10, 12));
            LogReader again = log.reader(0, Long.MAX_VALUE);
            again.open(SourcePosition.START);
            assertThat(again.replaysPolls()).isTrue();
            assertThat(again.pollUntil(afterFirst)).isEqualTo(rows(0, 4));
            assertThat(again.pollUntil(afterSecond)).isEqualTo(rows(4, 7));
            assertThat(again.position()).isEqualTo(afterSecond);
            assertThat(again.poll(100)).isEqualTo(rows(7, 12));
        }
    }
}
