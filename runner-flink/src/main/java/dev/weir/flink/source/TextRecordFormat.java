package dev.weir.flink.source;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.file.CsvRecords;
import dev.weir.executor.connector.file.FileFormat;
import dev.weir.executor.connector.file.RecordDecoder;
import dev.weir.flink.types.ChangeTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A CSV or JSON-lines file, read by Flink's file source with Weir's rules: records are cut as the
 * local file connector cuts them (a newline outside CSV quotes ends one; a last record without its
 * newline is whole), decoded by Weir's {@link RecordDecoder}, a header skipped, a malformed record
 * skipped. A file is one split, read in order; the checkpointed position is the byte offset of the
 * next record, so a restore reads exactly the records after it.
 */
final class TextRecordFormat implements StreamFormat<Change> {
    private static final long serialVersionUID = 1L;
    private static final int READ_SIZE = 1 << 16;

    private final FileFormat format;
    private final RowSchema schema;
    private final boolean header;

    TextRecordFormat(FileFormat format, RowSchema schema, boolean header) {
        this.format = format;
        this.schema = schema;
        this.header = header;
    }

    @Override
    public Reader<Change> createReader(
            Configuration config, FSDataInputStream stream, long fileLength, long splitEnd) {
        return new TextReader(stream, 0);
    }

    @Override
    public Reader<Change> restoreReader(
            Configuration config,
            FSDataInputStream stream,
            long restoredOffset,
            long fileLength,
            long splitEnd)
            throws IOException {
        if (stream.getPos() != restoredOffset) {
            stream.seek(restoredOffset);
        }
        return new TextReader(stream, restoredOffset);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Change> getProducedType() {
        return ChangeTypeInfo.INSTANCE;
    }

    private final class TextReader implements Reader<Change> {
        private final FSDataInputStream stream;
        private final RecordDecoder decoder = RecordDecoder.of(format, schema.toSchema());
        // Bytes read but not yet cut into records: buffer[start, limit), from file offset 'offset'.
        private byte[] buffer = new byte[READ_SIZE];
        private int start;
        private int limit;
        private long offset;
        private boolean headerSkipped;
        private boolean eof;

        TextReader(FSDataInputStream stream, long offset) {
            this.stream = stream;
            this.offset = offset;
            this.headerSkipped = offset > 0;
        }

        @Override
        public Change read() throws IOException {
            while (true) {
                int end = recordEnd();
                if (end < 0) {
                    if (!eof) {
                        eof = !readMore();
                        continue;
                    }
                    if (limit == start) {
                        return null;
                    }
                    end = limit; // the last record may lack its newline
                }
                Row row = record(end);
                if (row != null) {
                    return Change.insert(row);
                }
            }
        }

        private int recordEnd() {
            if (format == FileFormat.CSV) {
                return CsvRecords.quotedRecordEnd(buffer, start, limit);
            }
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        private boolean readMore() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, limit - start);
                limit -= start;
                start = 0;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a record longer than a read
            }
            int read = stream.read(buffer, limit, buffer.length - limit);
            if (read <= 0) {
                return false;
            }
            limit += read;
            return true;
        }

        /** Decodes buffer[start, end) and moves past it; null for a record that is skipped. */
        private Row record(int end) {
            String text = new String(buffer, start, end - start, StandardCharsets.UTF_8);
            offset += end - start;
            start = end;
            if (header && !headerSkipped) {
                headerSkipped = true;
                return null;
            }
            String record = stripLineEnd(text);
            if (record.isBlank() && format == FileFormat.JSON) {
                return null;
            }
            try {
                return Row.wrap(decoder.decode(record));
            } catch (IllegalArgumentException e) {
                return null; // malformed: skipped, as the local file connector does
            }
        }

        @Override
        public CheckpointedPosition getCheckpointedPosition() {
            return new CheckpointedPosition(offset, 0);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private static String stripLineEnd(String text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(0, end);
    }
}
