package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 4180 records: fields in the schema's column order, an empty unquoted field NULL, a quoted one
 * text (with {@code ""} standing for a quote). Fields are decoded straight from the record's bytes
 * into the columns' types: no text of the record or of its fields is made but for text columns.
 *
 * <p>A malformed record is an {@link IllegalArgumentException}: bad quoting first (anywhere in the
 * record), then a wrong number of fields, then the first value that does not parse.
 */
final class CsvDecoder implements RecordDecoder {
    private final SourceSchema.Column[] columns;
    private final ValueType[] types;
    // A quoted field's text, its doubled quotes undone; grown to the longest such field.
    private byte[] unquoted = new byte[64];

    CsvDecoder(SourceSchema schema) {
        this.columns = new SourceSchema.Column[schema.size()];
        this.types = new ValueType[schema.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = schema.column(i);
            types[i] = schema.column(i).type();
        }
    }

    @Override
    public Object[] decode(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    @Override
    public Object[] decode(byte[] b, int from, int to) {
        Object[] values = new Object[types.length];
        IllegalArgumentException badValue = null;
        int field = 0;
        int i = from;
        while (true) {
            if (i < to && b[i] == '"') {
                int length = 0;
                i++;
                while (true) {
                    if (i >= to) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    byte c = b[i++];
                    if (c == '"') {
                        if (i >= to || b[i] != '"') {
                            break;
                        }
                        i++; // "" is one quote
                    }
                    if (length == unquoted.length) {
                        unquoted = Arrays.copyOf(unquoted, length * 2);
                    }
                    unquoted[length++] = c;
                }
                if (i < to && b[i] != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
                if (field < types.length && badValue == null) {
                    badValue = value(values, field, unquoted, 0, length);
                }
            } else {
                int start = i;
                i = ByteScan.indexOfEither(b, i, to, (byte) ',', (byte) '"');
                if (i < to && b[i] == '"') {
                    throw new IllegalArgumentException("a quote inside an unquoted field");
                }
                if (field < types.length && badValue == null && i > start) {
                    badValue = value(values, field, b, start, i);
                }
            }
            field++;
            if (i >= to) {
                break;
            }
            i++; // the comma
        }
        if (field != types.length) {
            throw new IllegalArgumentException(
                    "expected " + types.length + " fields, found " + field);
        }
        if (badValue != null) {
            throw badValue;
        }
        return values;
    }

    /**
     * Sets the field's value; returns the problem of one that does not parse (reported once the
     * whole record is known to be well formed).
     */
    private IllegalArgumentException value(Object[] values, int field, byte[] b, int from, int to) {
        try {
            values[field] = TextValues.parse(b, from, to, columns[field]);
            return null;
        } catch (IllegalArgumentException e) {
            return e;
        }
    }
}
