package dev.weir.executor.connector.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.runtime.SourceFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV or JSON-lines file as a stream. Bounded: it ends at the end of the file. Tailing: it keeps
 * reading what is appended. Records are cut from bytes (a newline ends one, outside CSV quotes), so
 * a record still being written is read only once it is whole.
 *
 * <p>A malformed record (bad quoting, wrong column count, a value that does not parse) is skipped
 * and counted, never turned into a wrong value; the last problem is kept with its line number.
 */
public final class FileSource implements SourceFunction {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_SIZE = 1 << 16;

    private final Path path;
    private final FileFormat format;
    private final List<String> columns;
    private final List<ValueType> types;
    private final boolean header;
    private final boolean tail;
    private FileChannel channel;
    private byte[] pending = new byte[0];
    private long position;
    private long line = 1;
    private boolean headerSkipped;
    private boolean atEnd;
    private long malformed;
    private String lastError;

    public FileSource(
            Path path,
            FileFormat format,
            List<String> columns,
            List<ValueType> types,
            boolean header,
            boolean tail) {
        this.path = path;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        this.header = header;
        this.tail = tail;
    }

    @Override
    public List<Row> poll(int max) {
        if (atEnd) {
            return List.of();
        }
        if (!open()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        boolean eof = false;
        while (rows.size() < max) {
            int at = 0;
            while (rows.size() < max) {
                int end =
                        format == FileFormat.CSV
                                ? CsvRecords.recordEnd(pending, at, pending.length)
                                : lineEnd(pending, at);
                if (end < 0) {
                    break;
                }
                record(new String(pending, at, end - at, StandardCharsets.UTF_8), rows);
                at = end;
            }
            consume(at);
            if (rows.size() >= max) {
                break;
            }
            if (eof) {
                break;
            }
            eof = !readMore();
            if (eof && !tail && pending.length > 0) {
                // The last record may lack its newline: at the true end it is whole anyway.
                record(new String(pending, StandardCharsets.UTF_8), rows);
                consume(pending.length);
            }
        }
        if (eof && !tail && pending.length == 0) {
            atEnd = true;
        }
        return rows;
    }

    private boolean open() {
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
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "The file '" + path + "' cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** Reads more bytes; false at the end of the file (for now). */
    private boolean readMore() {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
            int read = channel.read(buffer, position + pending.length);
            if (read <= 0) {
                return false;
            }
            byte[] joined = Arrays.copyOf(pending, pending.length + read);
            System.arraycopy(buffer.array(), 0, joined, pending.length, read);
            pending = joined;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private void consume(int bytes) {
        if (bytes > 0) {
            position += bytes;
            pending = Arrays.copyOfRange(pending, bytes, pending.length);
        }
    }

    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private void record(String text, List<Row> rows) {
        long recordLine = line;
        line += text.chars().filter(c -> c == '\n').count();
        String record = stripLineEnd(text);
        if (header && !headerSkipped) {
            headerSkipped = true;
            return;
        }
        if (record.isBlank() && format == FileFormat.JSON) {
            return;
        }
        try {
            rows.add(format == FileFormat.CSV ? csv(record) : json(record));
        } catch (IllegalArgumentException | IOException e) {
            malformed++;
            lastError = "line " + recordLine + ": " + e.getMessage();
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

    private Row csv(String record) {
        List<String> fields = CsvRecords.fields(record);
        if (fields.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "expected " + columns.size() + " fields, found " + fields.size());
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] =
                    fields.get(i) == null ? null : TextValues.parse(fields.get(i), types.get(i));
        }
        return Row.wrap(values);
    }

    private Row json(String record) throws IOException {
        JsonNode node = JSON.readTree(record);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a line must hold one JSON object");
        }
        Map<String, JsonNode> byName = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            byName.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = byName.get(columns.get(i).toLowerCase(Locale.ROOT));
            values[i] = value == null || value.isNull() ? null : jsonValue(value, types.get(i));
        }
        return Row.wrap(values);
    }

    private static Object jsonValue(JsonNode value, ValueType type) {
        if (value.isNumber()) {
            if (type == ValueType.TIMESTAMP) {
                if (!value.canConvertToLong() || value.isFloatingPointNumber()) {
                    throw new IllegalArgumentException(
                            "a timestamp number must be epoch milliseconds");
                }
                return value.longValue();
            }
            if (!type.isNumeric()) {
                throw new IllegalArgumentException("a number where a " + type.name() + " belongs");
            }
            return TextValues.parse(value.asText(), type);
        }
        if (value.isBoolean()) {
            if (type != ValueType.BOOLEAN) {
                throw new IllegalArgumentException("a boolean where a " + type.name() + " belongs");
            }
            return value.booleanValue();
        }
        if (value.isTextual()) {
            if (type.isNumeric() || type == ValueType.BOOLEAN) {
                throw new IllegalArgumentException("a string where a " + type.name() + " belongs");
            }
            return TextValues.parse(value.textValue(), type);
        }
        throw new IllegalArgumentException(
                "a JSON " + value.getNodeType() + " where a " + type.name() + " belongs");
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
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The byte offset of the next record: the position to resume from. */
    public long position() {
        return position;
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing a read-only file cannot lose anything
        }
    }
}
