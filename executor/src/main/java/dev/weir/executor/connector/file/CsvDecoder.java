package dev.weir.executor.connector.file;

import dev.weir.executor.connector.SourceSchema;
import java.util.List;

/** RFC 4180 records: fields in the schema's column order, an empty unquoted field NULL. */
final class CsvDecoder implements RecordDecoder {
    private final SourceSchema schema;

    CsvDecoder(SourceSchema schema) {
        this.schema = schema;
    }

    @Override
    public Object[] decode(String record) {
        List<String> fields = CsvRecords.fields(record);
        if (fields.size() != schema.size()) {
            throw new IllegalArgumentException(
                    "expected " + schema.size() + " fields, found " + fields.size());
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            String field = fields.get(i);
            SourceSchema.Column column = schema.column(i);
            values[i] = field == null ? null : TextValues.parse(field, column);
        }
        return values;
    }
}
