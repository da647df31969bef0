package dev.weir.executor.connector.file;

import dev.weir.executor.connector.SourceSchema;
import java.nio.charset.StandardCharsets;

/**
 * Turns one record (without its line end) into field values: a line of a file, the value of a Kafka
 * record.
 */
public interface RecordDecoder {
    /**
     * The record's values in the schema's column order.
     *
     * @throws IllegalArgumentException naming what is wrong, for a malformed record
     */
    Object[] decode(String record);

    /** As {@link #decode(String)}, for the record whose UTF-8 bytes are {@code bytes[from, to)}. */
    default Object[] decode(byte[] bytes, int from, int to) {
        return decode(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }

    /**
     * The decoder of {@code format} for {@code schema}; it also refuses NULL in a NOT NULL column,
     * so every source applies the same rules.
     */
    static RecordDecoder of(FileFormat format, SourceSchema schema) {
        RecordDecoder decoder =
                format == FileFormat.CSV ? new CsvDecoder(schema) : new JsonDecoder(schema);
        return new NotNullChecked(decoder, schema);
    }
}
