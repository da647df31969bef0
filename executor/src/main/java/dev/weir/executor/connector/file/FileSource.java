package dev.weir.executor.connector.file;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.SourceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A CSV or JSON-lines file as a stream. Bounded: it ends at the end of the file. Tailing: it keeps
 * reading what is appended. Records are cut from bytes (a newline ends one, outside CSV quotes), so
 * a record still being written is read only once its newline is there; at the end of a bounded
 * file, a last record without a newline is whole.
 *
 * <p>A malformed record (bad quoting, wrong column count, a value that does not parse or has the
 * wrong type, NULL in a NOT NULL column) is skipped and counted, never turned into a wrong value;
 * the last problem is kept with its line number.
 *
 * <p>The position is the byte offset and line number of the next record, so a replay from it is
 * exact (a header is behind any position but the start).
 */
public final class FileSource implements SourceReader {
    private static final int READ_SIZE = 1 << 16;

    private final Path path;
    private final FileFormat format;
    private final RecordDecoder decoder;
    private final boolean header;
    private final boolean tail;
    private FileChannel channel;
    private boolean opened;
    // Bytes read but not yet cut into records: buffer[start, limit), from file offset 'offset'.
    private byte[] buffer = new byte[READ_SIZE];
    private int start;
    private int limit;
    private long offset;
    private long line = 1;
    // Where a poll stops short of the data there: only while a past poll is read again.
    private long stopAt = Long.MAX_VALUE;
    private boolean headerSkipped;
    private boolean atEnd;
    // Whether the record recordEnd() last looked at has a quote: only then may it hold newlines.
    private boolean quotedRecord;
    private long malformed;
    private String lastError;

    public FileSource(
            Path path, FileFormat format, SourceSchema schema, boolean header, boolean tail) {
        this.path = path;
        this.format = format;
        this.decoder = RecordDecoder.of(format, schema);
        this.header = header;
        this.tail = tail;
    }

    /** A file of nullable columns. */
    public FileSource(
            Path path,
            FileFormat format,
            List<String> columns,
            List<ValueType> types,
            boolean header,
            boolean tail) {
        this(path, format, SourceSchema.of(columns, types), header, tail);
    }

    @Override
    public void open(SourcePosition position) {
        if (position.isStart()) {
            offset = 0;
            line = 1;
        } else {
            long[] at = position.longs(2);
            offset = at[0];
            line = at[1];
        }
        headerSkipped = offset > 0;
        start = 0;
        limit = 0;
        atEnd = false;
        opened = true;
    }

    @Override
    public SourcePosition position() {
        return SourcePosition.of(offset, line);
    }

    /** The byte offset of the next record. */
    public long byteOffset() {
        return offset;
    }

    /** The line number of the next record. */
    public long lineNumber() {
        return line;
    }

    @Override
    public List<Row> poll(int maxRows) {
        if (!opened) {
            open(SourcePosition.START);
        }
        if (atEnd || !openChannel()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        boolean eof = false;
        while (rows.size() < maxRows && offset < stopAt) {
            int end = recordEnd();
            if (end >= 0) {
                record(end, rows);
                continue;
            }
            if (eof) {
                break;
            }
            eof = !readMore();
            if (eof && !tail && limit > start) {
                record(limit, rows); // the last record may lack its newline
            }
        }
        if (eof && !tail && start == limit) {
            atEnd = true;
        }
        return rows;
    }

    @Override
    public boolean replaysPolls() {
        return true;
    }

    /** The records before {@code end}'s byte offset, read with a poll that stops there. */
    @Override
    public List<Row> pollUntil(SourcePosition end) {
        if (!opened) {
            open(SourcePosition.START);
        }
        stopAt = end.longs(2)[0];
        try {
            List<Row> rows = new ArrayList<>();
            while (offset < stopAt) {
                long before = offset;
                rows.addAll(poll(Integer.MAX_VALUE));
                if (offset == before) {
                    throw new WeirException(
                            ErrorCode.CONNECTOR_ERROR,
                            Optional.empty(),
                            "The file '"
                                    + path
                                    + "' ends at byte "
                                    + offset
                                    + ", before byte "
                                    + stopAt
                                    + " that this query had read before it restarted: it was"
                                    + " truncated or replaced.");
                }
            }
            return rows;
        } finally {
            stopAt = Long.MAX_VALUE;
        }
    }

    private int recordEnd() {
        if (format == FileFormat.JSON) {
            quotedRecord = false;
            return lineEnd(buffer, start, limit);
        }
        int end = CsvRecords.plainRecordEnd(buffer, start, limit);
        quotedRecord = end == CsvRecords.QUOTED_RECORD;
        return quotedRecord ? CsvRecords.quotedRecordEnd(buffer, start, limit) : end;
    }

    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private boolean openChannel() {
        if (channel != null) {
            return true;
        }
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return true;
        } catch (NoSuchFileException e) {
            if (tail) {
                return false; // it may appear later
            }
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "The file '" + path + "' does not exist.");
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    private WeirException cannotRead(IOException e) {
        return new WeirException(
                ErrorCode.CONNECTOR_ERROR,
                Optional.empty(),
                "The file '" + path + "' cannot be read: " + e.getMessage(),
                e);
    }

    /** Reads more bytes after those buffered; false at the end of the file (for now). */
    private boolean readMore() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            start = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // one record longer than a read
        }
        try {
            int read =
                    channel.read(
                            ByteBuffer.wrap(buffer, limit, buffer.length - limit), offset + limit);
            if (read <= 0) {
                return false;
            }
            limit += read;
            return true;
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    /** Decodes the record in buffer[start, end) and moves past it. */
    private void record(int end, List<Row> rows) {
        int from = start;
        long recordLine = line;
        // Only a quoted field may hold newlines; any other record ends at its first one.
        line +=
                quotedRecord
                        ? CsvRecords.newlines(buffer, from, end)
                        : end > from && buffer[end - 1] == '\n' ? 1 : 0;
        if (end == limit && (end == from || buffer[end - 1] != '\n')) {
            line++; // a last record without its newline still ends its line
        }
        offset += end - from;
        start = end;
        int to = end;
        if (to > from && buffer[to - 1] == '\n') {
            to--;
        }
        if (to > from && buffer[to - 1] == '\r') {
            to--;
        }
        if (header && !headerSkipped) {
            headerSkipped = true;
            return;
        }
        try {
            if (format == FileFormat.CSV) {
                rows.add(Row.wrap(decoder.decode(buffer, from, to)));
            } else {
                String record = new String(buffer, from, to - from, StandardCharsets.UTF_8);
                if (!record.isBlank()) {
                    rows.add(Row.wrap(decoder.decode(record)));
                }
            }
        } catch (IllegalArgumentException e) {
            malformed++;
            lastError = "line " + recordLine + ": " + e.getMessage();
        }
    }

    @Override
    public boolean isEnded() {
        return atEnd;
    }

    @Override
    public long malformedCount() {
        return malformed;
    }

    /** The last malformed record's problem, with its line number. */
    @Override
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing a file opened only for reading cannot lose anything
        }
    }
}
