package dev.weir.executor.connector.log;

import dev.weir.common.row.Row;
import dev.weir.executor.state.BytesIn;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One file of a stream log, named by the offset of its first record. Its size and end offset only
 * grow, and are published (volatile) after the bytes are written, so a reader that reads them first
 * never sees half a record. A sparse index (an entry every {@value #INDEX_INTERVAL} bytes) finds an
 * offset without scanning the whole file.
 */
final class LogSegment {
    static final int INDEX_INTERVAL = 4096;
    private static final String SUFFIX = ".log";

    final Path file;
    final long baseOffset;
    final FileChannel channel;
    private volatile long size;
    private volatile long endOffset;
    // Guarded by this: the writer appends entries while readers search.
    private long[] indexOffsets = new long[16];
    private long[] indexPositions = new long[16];
    private int indexCount;
    private long lastIndexed;

    private LogSegment(Path file, long baseOffset, FileChannel channel) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.endOffset = baseOffset;
    }

    static String fileName(long baseOffset) {
        return String.format(Locale.ROOT, "%020d%s", baseOffset, SUFFIX);
    }

    /** The base offset of a segment file's name, or -1 if it is not one. */
    static long baseOffsetOf(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    static LogSegment open(Path file, long baseOffset) throws IOException {
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        return new LogSegment(file, baseOffset, channel);
    }

    /**
     * Reads every record to check it and index it. Returns where the good records end; a caller
     * decides whether bytes after that are a torn tail or damage.
     */
    Recovery recover() throws IOException {
        long fileSize = channel.size();
        RecordCursor cursor = new RecordCursor(channel, 0, fileSize);
        long offset = baseOffset;
        while (true) {
            long at = cursor.position();
            RecordCursor.Status status = cursor.advance();
            if (status != RecordCursor.Status.RECORD) {
                boolean lastRecord =
                        status == RecordCursor.Status.BAD_CHECKSUM
                                && at + RecordCursor.HEADER + cursor.payloadLength() == fileSize;
                publish(at, offset);
                return new Recovery(at, fileSize, status, lastRecord);
            }
            maybeIndex(offset, at);
            offset++;
        }
    }

    /** What {@link #recover} found: good records end at {@code validEnd}. */
    record Recovery(
            long validEnd, long fileSize, RecordCursor.Status stoppedAt, boolean badIsLastRecord) {
        boolean clean() {
            return validEnd == fileSize;
        }
    }

    long size() {
        return size;
    }

    long endOffset() {
        return endOffset;
    }

    long recordCount() {
        return endOffset - baseOffset;
    }

    /** Cuts the file back to {@code bytes}, dropping a torn tail or a failed write. */
    void truncate(long bytes) throws IOException {
        channel.truncate(bytes);
        channel.force(true);
    }

    /**
     * Writes records already framed in {@code batch} at the end; {@code starts} holds each record's
     * start within the batch. Publishes them only after the write.
     */
    void write(ByteBuffer batch, int[] starts, int count) throws IOException {
        long at = size;
        long position = at;
        while (batch.hasRemaining()) {
            position += channel.write(batch, position);
        }
        long offset = endOffset;
        for (int i = 0; i < count; i++) {
            maybeIndex(offset + i, at + starts[i]);
        }
        publish(position, offset + count);
    }

    private void publish(long newSize, long newEndOffset) {
        size = newSize;
        endOffset = newEndOffset; // read first by readers: written last
    }

    private synchronized void maybeIndex(long offset, long position) {
        if (indexCount > 0 && position - lastIndexed < INDEX_INTERVAL) {
            return;
        }
        if (indexCount == indexOffsets.length) {
            indexOffsets = Arrays.copyOf(indexOffsets, indexCount * 2);
            indexPositions = Arrays.copyOf(indexPositions, indexCount * 2);
        }
        indexOffsets[indexCount] = offset;
        indexPositions[indexCount] = position;
        indexCount++;
        lastIndexed = position;
    }

    /** {offset, position} of the indexed record closest at or before {@code offset}. */
    private synchronized long[] floor(long offset) {
        int i = Arrays.binarySearch(indexOffsets, 0, indexCount, offset);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? new long[] {baseOffset, 0} : new long[] {indexOffsets[i], indexPositions[i]};
    }

    /**
     * Decodes the records in {@code [from, to)} into {@code rows}, at most {@code max}; returns the
     * offset after the last one read. {@code to} must not pass {@link #endOffset()}.
     *
     * @throws LogDamage where a record does not check out
     */
    long read(long from, long to, int max, List<Row> rows) throws IOException {
        long[] start = floor(from);
        long offset = start[0];
        RecordCursor cursor = new RecordCursor(channel, start[1], size);
        while (offset < to && rows.size() < max) {
            long at = cursor.position();
            RecordCursor.Status status = cursor.advance();
            if (status != RecordCursor.Status.RECORD) {
                throw new LogDamage(file, at, status);
            }
            if (offset >= from) {
                rows.add(
                        RowCodec.INSTANCE.decode(
                                new BytesIn(
                                        cursor.payload(),
                                        cursor.payloadOffset(),
                                        cursor.payloadLength())));
            }
            offset++;
        }
        return offset;
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() throws IOException {
        channel.close();
    }

    /** A record that does not check out where every record should. */
    static final class LogDamage extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Path file;
        final long position;

        LogDamage(Path file, long position, RecordCursor.Status status) {
            super(status + " at byte " + position + " of " + file);
            this.file = file;
            this.position = position;
        }
    }
}
