package dev.weir.executor.connector.file;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 records: where one ends in a byte buffer, and its fields. */
public final class CsvRecords {
    private CsvRecords() {}

    /**
     * The index just past the newline that ends the record starting at {@code from}, or -1 if the
     * buffer holds no complete record yet. A newline inside quotes does not end a record.
     */
    public static int recordEnd(byte[] bytes, int from, int to) {
        // Quotes count only where RFC 4180 allows them (opening a field, or inside a quoted one),
        // so a stray quote in an unquoted field spoils that record alone, not the rest of the file.
        int state = FIELD_START;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            switch (state) {
                case FIELD_START, UNQUOTED -> {
                    if (b == '\n') {
                        return i + 1;
                    }
                    state =
                            b == ','
                                    ? FIELD_START
                                    : (state == FIELD_START && b == '"') ? QUOTED : UNQUOTED;
                }
                case QUOTED -> state = b == '"' ? QUOTE_IN_QUOTED : QUOTED;
                default -> {
                    if (b == '\n') {
                        return i + 1;
                    }
                    state = b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
                }
            }
        }
        return -1;
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    /**
     * The fields of one record (without its line end). An empty unquoted field is null; a quoted
     * one is text, with {@code ""} standing for a quote.
     *
     * @throws IllegalArgumentException for a quote in the middle of an unquoted field, or text
     *     after a closing quote
     */
    static List<String> fields(String record) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = record.length();
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    char c = record.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && record.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                fields.add(field.toString());
                if (i < n && record.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                int start = i;
                while (i < n && record.charAt(i) != ',') {
                    if (record.charAt(i) == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field");
                    }
                    i++;
                }
                fields.add(i == start ? null : record.substring(start, i));
            }
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
