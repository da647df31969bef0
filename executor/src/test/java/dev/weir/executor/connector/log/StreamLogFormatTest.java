package dev.weir.executor.connector.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.state.BytesOut;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment format: a versioned header, appends kept whole or not at all across a torn write,
 * segments of the first (headerless) format still read, and truncations that the log alone cannot
 * see caught where a checkpoint resumes.
 */
class StreamLogFormatTest {
    @TempDir Path dir;

    private static List<Row> rows(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> Row.of(i, "row " + i)).toList();
    }

    private static List<Row> readAll(StreamLog log) {
        List<Row> rows = new ArrayList<>();
        long next = log.startOffset();
        while (next < log.end()) {
            StreamLog.Batch batch = log.read(next, Long.MAX_VALUE, 100);
            rows.addAll(batch.rows());
            next = batch.next();
        }
        return rows;
    }

    private static void setLength(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    /** The file positions where each record of the segment ends. */
    private static List<Long> recordEnds(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Long> ends = new ArrayList<>();
        int at = LogSegment.FILE_HEADER;
        while (at < bytes.limit()) {
            at += RecordCursor.HEADER + (bytes.getInt(at) & 0x7fff_ffff);
            ends.add((long) at);
        }
        return ends;
    }

    @Test
    void aSegmentStartsWithItsFormatAndANewerFormatIsRefusedNamingTheFile() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 2));
        }
        Path segment = dir.resolve(LogSegment.fileName(0));
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(segment), 0, 8);
        assertThat(new String(header.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("WLOG");
        assertThat(header.getInt(4)).isEqualTo(LogSegment.FORMAT);
        try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "rw")) {
            raf.seek(4);
            raf.writeInt(3);
        }
        assertThatThrownBy(() -> StreamLog.open(dir, FsyncPolicy.ALWAYS))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "The file '"
                                                    + segment
                                                    + "' has format 3, written by a newer release"
                                                    + " of Weir; this release reads stream log"
                                                    + " segment formats 1 and 2. Start the Weir"
                                                    + " release that wrote it, or move the data"
                                                    + " directory aside to start afresh.");
                        });
    }

    @Test
    void anAppendCutShortAfterSomeOfItsRecordsIsCutBackWhole() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 3));
            log.append(rows(3, 8));
        }
        Path segment = dir.resolve(LogSegment.fileName(0));
        List<Long> ends = recordEnds(segment);
        long firstAppendEnd = ends.get(2);
        // A crash while the second append was written: three of its five records made it whole,
        // the fourth half. Its rows were never acknowledged, and none may appear.
        setLength(segment, ends.get(5) + 3);
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(log.end()).isEqualTo(3);
            assertThat(log.truncatedBytes()).isEqualTo(ends.get(5) + 3 - firstAppendEnd);
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
            assertThat(log.append(rows(20, 22))).isEqualTo(new OffsetRange(3, 5));
        }
        assertThat(recordEnds(segment)).hasSize(5);
    }

    @Test
    void anAppendCutExactlyAtOneOfItsRecordBoundariesIsCutBackWhole() throws IOException {
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 3));
            log.append(rows(3, 8));
        }
        Path segment = dir.resolve(LogSegment.fileName(0));
        List<Long> ends = recordEnds(segment);
        setLength(segment, ends.get(5)); // every record checks out; the append's end is missing
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
            assertThat(log.truncatedBytes()).isEqualTo(ends.get(5) - ends.get(2));
        }
    }

    @Test
    void anEarlierSegmentCutShortAtAnAppendBoundaryIsDamageNamingTheNextSegment()
            throws IOException {
        LogConfig small = LogConfig.defaults().withSegmentBytes(150);
        try (StreamLog log = StreamLog.open(dir, small)) {
            for (int i = 0; i < 6; i++) {
                log.append(rows(i * 2, i * 2 + 2));
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
        }
        Path first = dir.resolve(LogSegment.fileName(0));
        List<Long> ends = recordEnds(first);
        assertThat(ends.size()).isGreaterThanOrEqualTo(4);
        setLength(first, ends.get(1)); // the first append only: a clean end, but not its own
        long firstSegmentRecords = ends.size();
        Path second = dir.resolve(LogSegment.fileName(firstSegmentRecords));
        assertThatThrownBy(() -> StreamLog.open(dir, small))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                            assertThat(e.getMessage())
                                    .contains("'" + second + "' is damaged at byte 0")
                                    .contains(
                                            "it starts at offset "
                                                    + firstSegmentRecords
                                                    + " but the segment before it ends at"
                                                    + " offset 2");
                        });
    }

    @Test
    void anEarlierSegmentCutInsideAnAppendIsDamage() throws IOException {
        LogConfig small = LogConfig.defaults().withSegmentBytes(150);
        try (StreamLog log = StreamLog.open(dir, small)) {
            for (int i = 0; i < 6; i++) {
                log.append(rows(i * 2, i * 2 + 2));
            }
        }
        Path first = dir.resolve(LogSegment.fileName(0));
        List<Long> ends = recordEnds(first);
        setLength(first, ends.get(2)); // after the first record of the second append
        assertThatThrownBy(() -> StreamLog.open(dir, small))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .contains(
                                                "'"
                                                        + first
                                                        + "' is damaged at byte "
                                                        + ends.get(2)
                                                        + " (it ends in the middle of an"
                                                        + " append)"));
    }

    @Test
    void aLastSegmentCutAtAnAppendBoundaryIsCaughtWhereACheckpointResumesPastItsEnd()
            throws IOException {
        long checkpointed;
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            log.append(rows(0, 3));
            log.append(rows(3, 6));
            log.append(rows(6, 9));
            LogReader reader = log.reader(0, Long.MAX_VALUE);
            while (!reader.poll(100).isEmpty()) {
                // a view reads everything, then checkpoints its position
            }
            checkpointed = reader.nextOffset();
        }
        assertThat(checkpointed).isEqualTo(9);
        Path segment = dir.resolve(LogSegment.fileName(0));
        setLength(segment, recordEnds(segment).get(2)); // only the first append is left
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            // Nothing in the file says two appends are gone ...
            assertThat(log.end()).isEqualTo(3);
            assertThat(log.truncatedBytes()).isZero();
            // ... but a reader resuming where the checkpoint left off refuses to.
            LogReader reader = log.reader(0, Long.MAX_VALUE);
            assertThatThrownBy(() -> reader.open(SourcePosition.of(checkpointed)))
                    .isInstanceOfSatisfying(
                            WeirException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "A checkpoint resumes reading the stream log in '"
                                                        + dir
                                                        + "' at offset 9, but the log ends at"
                                                        + " offset 3 (its last segment is '"
                                                        + segment
                                                        + "')");
                            });
            LogReader atTheEnd = log.reader(0, Long.MAX_VALUE);
            atTheEnd.open(SourcePosition.of(3)); // at the end exactly: nothing is missing
            assertThat(atTheEnd.poll(10)).isEmpty();
        }
    }

    /** A segment as releases before the header wrote it: records only, no batch markers. */
    private static void writeHeaderlessSegment(Path file, List<Row> rows) throws IOException {
        BytesOut out = new BytesOut(64);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (Row row : rows) {
            out.reset();
            RowCodec.INSTANCE.encode(row, out);
            byte[] payload = out.toByteArray();
            buffer.putInt(payload.length)
                    .putInt(RecordCursor.checksum(payload, 0, payload.length))
                    .put(payload);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Arrays.copyOf(buffer.array(), buffer.position()));
    }

    @Test
    void aHeaderlessSegmentIsReadAsTheFirstFormatAndAppendsGoToANewSegment() throws IOException {
        Path legacy = dir.resolve(LogSegment.fileName(0));
        writeHeaderlessSegment(legacy, rows(0, 4));
        long legacySize = Files.size(legacy);
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(readAll(log)).isEqualTo(rows(0, 4));
            assertThat(log.append(rows(4, 6))).isEqualTo(new OffsetRange(4, 6));
            assertThat(log.segmentCount()).isEqualTo(2);
        }
        assertThat(Files.size(legacy)).isEqualTo(legacySize);
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(readAll(log)).isEqualTo(rows(0, 6));
        }
    }

    @Test
    void aHeaderlessSegmentKeepsItsRecordByRecordTornTailRule() throws IOException {
        Path legacy = dir.resolve(LogSegment.fileName(0));
        writeHeaderlessSegment(legacy, rows(0, 4));
        setLength(legacy, Files.size(legacy) - 2);
        try (StreamLog log = StreamLog.open(dir, FsyncPolicy.ALWAYS)) {
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
        }
    }

    @Test
    void aSegmentWhoseCreationWasCutShortGetsItsHeaderAgain() throws IOException {
        LogConfig small = LogConfig.defaults().withSegmentBytes(150);
        try (StreamLog log = StreamLog.open(dir, small)) {
            log.append(rows(0, 2));
        }
        Path next = dir.resolve(LogSegment.fileName(2));
        Files.write(next, new byte[] {'W', 'L', 'O'}); // a crash while the header was written
        try (StreamLog log = StreamLog.open(dir, small)) {
            assertThat(log.segmentCount()).isEqualTo(2);
            assertThat(log.append(rows(2, 3))).isEqualTo(new OffsetRange(2, 3));
        }
        try (StreamLog log = StreamLog.open(dir, small)) {
            assertThat(readAll(log)).isEqualTo(rows(0, 3));
        }
    }
}
