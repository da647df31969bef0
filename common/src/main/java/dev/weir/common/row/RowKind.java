package dev.weir.common.row;

/**
 * What a change does to a result: adds a row, retracts the old image of an update, adds the new
 * image of an update, or removes a row. Printed as Flink does: {@code +I}, {@code -U}, {@code +U},
 * {@code -D}.
 */
public enum RowKind {
    INSERT("+I", (byte) 0),
    UPDATE_BEFORE("-U", (byte) 1),
    UPDATE_AFTER("+U", (byte) 2),
    DELETE("-D", (byte) 3);

    private static final RowKind[] BY_BYTE = values();

    private final String shortString;
    private final byte byteValue;

    RowKind(String shortString, byte byteValue) {
        this.shortString = shortString;
        this.byteValue = byteValue;
    }

    /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
    public String shortString() {
        return shortString;
    }

    /** A stable one-byte encoding, for logs and state. */
    public byte toByteValue() {
        return byteValue;
    }

    public static RowKind fromByteValue(byte value) {
        if (value < 0 || value >= BY_BYTE.length) {
            throw new IllegalArgumentException("no row kind has the byte value " + value);
        }
        return BY_BYTE[value];
    }

    /** Whether this change adds its row to the result (+I, +U). */
    public boolean isAccumulate() {
        return this == INSERT || this == UPDATE_AFTER;
    }

    /** Whether this change takes its row out of the result (-U, -D). */
    public boolean isRetract() {
        return this == UPDATE_BEFORE || this == DELETE;
    }

    public static RowKind fromShortString(String s) {
        for (RowKind kind : BY_BYTE) {
            if (kind.shortString.equals(s)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no row kind is written '" + s + "'");
    }
}
