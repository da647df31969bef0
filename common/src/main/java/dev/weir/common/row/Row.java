package dev.weir.common.row;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable tuple of field values in Calcite's internal representation: BOOLEAN as Boolean,
 * integer types as Byte/Short/Integer/Long, DECIMAL as BigDecimal, REAL/DOUBLE as Float/Double,
 * CHAR/VARCHAR as String, DATE as Integer days since 1970-01-01, TIME as Integer milliseconds of
 * the day, TIMESTAMP as Long milliseconds since 1970-01-01 00:00:00 (zone-less), NULL as null.
 *
 * <p>The array is owned by the row: the factories copy, the accessors do not expose it.
 */
public final class Row {
    private static final Row EMPTY = new Row(new Object[0]);

    private final Object[] values;
    private int hash;

    private Row(Object[] values) {
        this.values = values;
    }

    public static Row of(Object... values) {
        return values.length == 0 ? EMPTY : new Row(values.clone());
    }

    public static Row copyOf(List<?> values) {
        return new Row(values.toArray());
    }

    /**
     * Wraps {@code values} without copying. The caller gives up the array: it must never write to
     * it again. Used on the hot path, where the array was just filled by generated code.
     */
    public static Row wrap(Object[] values) {
        return new Row(values);
    }

    public int arity() {
        return values.length;
    }

    public Object get(int field) {
        return values[field];
    }

    /** A copy of the values. */
    public Object[] toArray() {
        return values.clone();
    }

    /** The values as a read-only list view. */
    public List<Object> asList() {
        return java.util.Collections.unmodifiableList(Arrays.asList(values));
    }

    /** A new row of this row's fields followed by {@code more}. */
    public Row append(Object... more) {
        Object[] joined = Arrays.copyOf(values, values.length + more.length);
        System.arraycopy(more, 0, joined, values.length, more.length);
        return new Row(joined);
    }

    /** A new row of the fields at {@code fields}, in that order. */
    public Row project(int[] fields) {
        Object[] projected = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            projected[i] = values[fields[i]];
        }
        return new Row(projected);
    }

    /** A new row of fields {@code from} (inclusive) to {@code to} (exclusive). */
    public Row slice(int from, int to) {
        return new Row(Arrays.copyOfRange(values, from, to));
    }

    /**
     * Equal when every field is equal as SQL compares for grouping: floating-point -0.0 equals 0.0,
     * and NaN equals NaN (as in DuckDB and PostgreSQL), so a GROUP BY, DISTINCT or join key of a
     * DOUBLE is one key for both zeros. Other values by {@link Object#equals}.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Row other) || other.values.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Objects.equals(keyValue(values[i]), keyValue(other.values[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (Object value : values) {
                h = 31 * h + Objects.hashCode(keyValue(value));
            }
            hash = h;
        }
        return h;
    }

    /**
     * The value a key compares by: -0.0 as 0.0 (Double and Float); {@link Double#equals} already
     * takes every NaN as one.
     */
    private static Object keyValue(Object value) {
        if (value instanceof Double d && d == 0.0d) {
            return 0.0d;
        }
        if (value instanceof Float f && f == 0.0f) {
            return 0.0f;
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(Objects.toString(values[i]));
        }
        return b.append(']').toString();
    }
}
