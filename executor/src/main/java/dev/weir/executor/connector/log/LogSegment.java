package dev.weir.executor.connector.log;

import dev.weir.common.error.Errors;
import dev.weir.common.row.Row;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.state.BytesIn;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One file of a stream log, named by the offset of its first record. Its size and end offset only
 * grow (but for undoing a failed append), and are published (volatile) after the bytes are written,
 * so a reader that reads them first never sees half a record. A sparse index (an entry every
 * {@value #INDEX_INTERVAL} bytes) finds an offset without scanning the whole file.
 *
 * <p>A segment starts with an 8-byte header, {@code WLOG} and its format version ({@value
 * #FORMAT}), so that a later release can tell what it reads; a newer version is refused. Segments
 * written before the header existed have none and are read as format 1; appends never go to them.
 */
final class LogSegment {
    static final int INDEX_INTERVAL = 4096;

    /** The format this release writes. */
    static final int FORMAT = 2;

    /** Segments without a header: records without batch markers. */
    static final int HEADERLESS_FORMAT = 1;

    static final int FILE_HEADER = 8;
    private static final int MAGIC = 0x574C_4F47; // "WLOG"
    private static final String SUFFIX = ".log";

    final Path file;
    final long baseOffset;
    final FileChannel channel;
    private final int format;
    private final long dataStart;
    private volatile long size;
    private volatile long endOffset;
    // Guarded by this: the writer appends entries while readers search.
    private long[] indexOffsets = new long[16];
    private long[] indexPositions = new long[16];
    private int indexCount;
    private long lastIndexed;

    private LogSegment(Path file, long baseOffset, FileChannel channel, int format) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.format = format;
        this.dataStart = format == HEADERLESS_FORMAT ? 0 : FILE_HEADER;
        this.size = dataStart;
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

    /**
     * Opens a segment file, creating it (with its header, synced) if it is absent or empty. A file
     * shorter than a header that holds the start of one is a segment whose creation a crash cut
     * short: it gets its header again.
     *
     * @throws dev.weir.common.error.WeirException STATE_FORMAT_UNSUPPORTED for a newer format
     */
    static LogSegment open(DurableFiles files, Path file, long baseOffset) throws IOException {
        FileChannel channel = files.open(file);
        try {
            int format = readFormat(channel, file);
            if (format == 0) {
                writeHeader(channel);
                format = FORMAT;
            }
            return new LogSegment(file, baseOffset, channel, format);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file's format, or 0 for a file with no header yet. */
    private static int readFormat(FileChannel channel, Path file) throws IOException {
        long length = channel.size();
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // read what there is, up to a header
        }
        header.flip();
        byte[] magic = ByteBuffer.allocate(4).putInt(MAGIC).array();
        int prefix = (int) Math.min(length, 4);
        for (int i = 0; i < prefix; i++) {
            if (header.get(i) != magic[i]) {
                return HEADERLESS_FORMAT; // records from the first byte: a log older than headers
            }
        }
        if (length < FILE_HEADER) {
            return 0;
        }
        int version = header.getInt(4);
        if (version != FORMAT) {
            throw Errors.formatUnsupported(
                    file.toString(),
                    String.valueOf(version),
                    version > FORMAT,
                    "stream log segment formats " + HEADERLESS_FORMAT + " and " + FORMAT);
        }
        return version;
    }

    private static void writeHeader(FileChannel channel) throws IOException {
        channel.truncate(0);
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putInt(FORMAT).flip();
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        channel.force(true);
    }

    int format() {
        return format;
    }

    /**
     * Reads every record to check it and index it. Returns where the good records end, cut back to
     * the end of the last whole append (a batch); a caller decides whether bytes after that are a
     * torn tail or damage.
     */
    Recovery recover() throws IOException {
        long fileSize = channel.size();
        RecordCursor cursor = new RecordCursor(channel, format, dataStart, fileSize);
        long offset = baseOffset;
        long batchEndPosition = dataStart;
        long batchEndOffset = baseOffset;
        while (true) {
            long at = cursor.position();
            RecordCursor.Status status = cursor.advance();
            if (status != RecordCursor.Status.RECORD) {
                boolean lastRecord =
                        status == RecordCursor.Status.BAD_CHECKSUM
                                && at + RecordCursor.HEADER + cursor.payloadLength() == fileSize;
                trimIndex(batchEndOffset);
                publish(batchEndPosition, batchEndOffset);
                return new Recovery(batchEndPosition, at, fileSize, status, lastRecord);
            }
            maybeIndex(offset, at);
            offset++;
            if (cursor.batchEnd()) {
                batchEndPosition = cursor.position();
                batchEndOffset = offset;
            }
        }
    }

    /**
     * What {@link #recover} found: whole appends end at {@code validEnd}, readable records at
     * {@code recordsEnd} (later when an append was cut short after some of its records).
     */
    record Recovery(
            long validEnd,
            long recordsEnd,
            long fileSize,
            RecordCursor.Status stoppedAt,
            boolean badIsLastRecord) {
        boolean clean() {
            return validEnd == fileSize;
        }

        /** Whether the records end cleanly but the last append's final record is missing. */
        boolean endsInsideAnAppend() {
            return stoppedAt == RecordCursor.Status.END && validEnd < fileSize;
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
     * Undoes an append that wrote its records but could not make them durable: cuts them off the
     * file and forgets them, so the next append overwrites them and follows the last acknowledged
     * one. Not synced here: on a device whose syncs fail that would fail too, and the cut needs no
     * sync to be safe (on a crash before the next sync, what is left of the append is a torn tail,
     * or the append whole).
     */
    void rollBack(long toSize, long toEndOffset) throws IOException {
        channel.truncate(toSize);
        trimIndex(toEndOffset);
        publish(toSize, toEndOffset);
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

    /** Drops the index entries of records at or after {@code endOffset}. */
    private synchronized void trimIndex(long endOffset) {
        while (indexCount > 0 && indexOffsets[indexCount - 1] >= endOffset) {
            indexCount--;
        }
        lastIndexed = indexCount == 0 ? 0 : indexPositions[indexCount - 1];
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
        return i < 0
                ? new long[] {baseOffset, dataStart}
                : new long[] {indexOffsets[i], indexPositions[i]};
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
        RecordCursor cursor = new RecordCursor(channel, format, start[1], size);
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
