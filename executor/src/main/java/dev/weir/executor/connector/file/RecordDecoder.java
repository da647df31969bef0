package dev.weir.executor.connector.file;

import dev.weir.executor.connector.SourceSchema;

/**
 * Turns the text of one record (without its line end) into field values: a line of a file, the
 * value of a Kafka record.
 */
public interface RecordDecoder {
    /**
     * The record's values in the schema's column order.
     *
     * @throws IllegalArgumentException naming what is wrong, for a malformed record
     */
    Object[] decode(String record);

    /**
     * The decoder of {@code format} for {@code schema}; it also refuses NULL in a NOT NULL column,
     * so every source applies the same rules.
     */
    static RecordDecoder of(FileFormat format, SourceSchema schema) {
        RecordDecoder decoder =
                format == FileFormat.CSV ? new CsvDecoder(schema) : new JsonDecoder(schema);
        return record -> {
            Object[] values = decoder.decode(record);
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && !schema.column(i).nullable()) {
                    throw new IllegalArgumentException(
                            "column '"
                                    + schema.column(i).name()
                                    + "' is NOT NULL but has no value");
                }
            }
            return values;
        };
    }
}
