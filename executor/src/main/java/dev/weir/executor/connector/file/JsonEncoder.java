package dev.weir.executor.connector.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * One JSON object per record, keys the column names as declared: numbers as JSON numbers (decimals
 * with their digits, never through a double), booleans as true/false, text, dates, times and
 * timestamps as strings, NULL as null.
 */
final class JsonEncoder implements RecordEncoder {
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final SourceSchema schema;

    JsonEncoder(SourceSchema schema) {
        this.schema = schema;
    }

    @Override
    public String encode(Row row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (int i = 0; i < schema.size(); i++) {
                SourceSchema.Column column = schema.column(i);
                json.writeFieldName(column.name());
                write(json, row.get(i), column);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value, SourceSchema.Column column)
            throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        ValueType type = column.type();
        switch (type) {
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> json.writeNumber(value.toString());
            case DECIMAL -> json.writeNumber((BigDecimal) value);
            case REAL, DOUBLE -> json.writeNumber(TextFormats.format(value, type, column.name()));
            // The decoder takes intervals as text (their count of milliseconds or months).
            case VARCHAR, DATE, TIME, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH ->
                    json.writeString(TextFormats.format(value, type, column.name()));
        }
    }
}
