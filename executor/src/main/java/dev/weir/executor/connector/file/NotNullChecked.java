package dev.weir.executor.connector.file;

import dev.weir.executor.connector.SourceSchema;

/** A decoder whose records must have a value in every NOT NULL column. */
final class NotNullChecked implements RecordDecoder {
    private final RecordDecoder decoder;
    private final SourceSchema schema;

    NotNullChecked(RecordDecoder decoder, SourceSchema schema) {
        this.decoder = decoder;
        this.schema = schema;
    }

    @Override
    public Object[] decode(String record) {
        return checked(decoder.decode(record));
    }

    @Override
    public Object[] decode(byte[] bytes, int from, int to) {
        return checked(decoder.decode(bytes, from, to));
    }

    private Object[] checked(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && !schema.column(i).nullable()) {
                throw new IllegalArgumentException(
                        "column '" + schema.column(i).name() + "' is NOT NULL but has no value");
            }
        }
        return values;
    }
}
