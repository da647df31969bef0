package dev.weir.executor.connector.file;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourceSchema;

/**
 * Turns a row into the text of one record (without a line end), the inverse of {@link
 * RecordDecoder}: what a sink writes, a source of the same format and schema reads back as the same
 * values.
 */
public interface RecordEncoder {
    /**
     * The record of {@code row}, whose fields are in the schema's column order.
     *
     * @throws IllegalArgumentException for a value the format cannot carry (a NaN or infinite
     *     floating-point number: DIALECT.md writes numbers as plain literals)
     */
    String encode(Row row);

    static RecordEncoder of(FileFormat format, SourceSchema schema) {
        return format == FileFormat.CSV ? new CsvEncoder(schema) : new JsonEncoder(schema);
    }
}
