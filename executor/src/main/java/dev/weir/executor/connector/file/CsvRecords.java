package dev.weir.executor.connector.file;

/** RFC 4180 records: where one ends in a byte buffer, and the lines it spans. */
public final class CsvRecords {
    private CsvRecords() {}

    /** What {@link #plainRecordEnd} returns for a record with a quote before its newline. */
    static final int QUOTED_RECORD = -2;

    /**
     * The end of a record without quotes, just past its newline (its only one), -1 if the buffer
     * does not hold the newline yet, or {@link #QUOTED_RECORD} if a quote comes first: then only
     * {@link #quotedRecordEnd} can tell.
     */
    static int plainRecordEnd(byte[] bytes, int from, int to) {
        int i = ByteScan.indexOfEither(bytes, from, to, (byte) '\n', (byte) '"');
        if (i == to) {
            return -1;
        }
        return bytes[i] == '\n' ? i + 1 : QUOTED_RECORD;
    }

    /**
     * The index just past the newline that ends the record starting at {@code from}, or -1 if the
     * buffer holds no complete record yet. A newline inside quotes does not end a record.
     */
    public static int quotedRecordEnd(byte[] bytes, int from, int to) {
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

    /** How many newlines {@code bytes[from, to)} holds. */
    static int newlines(byte[] bytes, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}
