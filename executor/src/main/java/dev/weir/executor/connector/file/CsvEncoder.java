package dev.weir.executor.connector.file;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourceSchema;

/**
 * RFC 4180 records, columns in the schema's order: NULL is an empty field, and a field that is
 * empty text or holds a comma, quote or line break is quoted (so that it reads back as written).
 */
final class CsvEncoder implements RecordEncoder {
    private final SourceSchema schema;

    CsvEncoder(SourceSchema schema) {
        this.schema = schema;
    }

    @Override
    public String encode(Row row) {
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                record.append(',');
            }
            Object value = row.get(i);
            if (value == null) {
                continue;
            }
            SourceSchema.Column column = schema.column(i);
            String text = TextFormats.format(value, column.type(), column.name());
            if (text.isEmpty() || needsQuotes(text)) {
                record.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                record.append(text);
            }
        }
        return record.toString();
    }

    private static boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
