package dev.weir.executor.connector;

import static java.util.Objects.requireNonNull;

import dev.weir.common.type.ValueType;
import dev.weir.plan.FieldSpec;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rows a source produces: its columns in order, and which of them is the event-time attribute
 * (or -1 for none). Sources decode into exactly these physical types; the runtime generates
 * watermarks from the time column, so a source never has to.
 *
 * @param columns the columns, in the order of each row's fields
 * @param timeColumn the index of the event-time column (a TIMESTAMP), or -1
 */
public record SourceSchema(List<Column> columns, int timeColumn) {
    /**
     * One column: its name as declared, its physical type, whether NULL is allowed, and for a
     * DECIMAL its declared precision and scale (-1 when not known: values keep the scale they are
     * read with).
     */
    public record Column(String name, ValueType type, boolean nullable, int precision, int scale) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            if (type != ValueType.DECIMAL && (precision != -1 || scale != -1)) {
                throw new IllegalArgumentException("only a DECIMAL has a precision and a scale");
            }
        }

        /** A column whose values need no precision or scale. */
        public Column(String name, ValueType type, boolean nullable) {
            this(name, type, nullable, -1, -1);
        }

        /** A DECIMAL column of the declared precision and scale. */
        public static Column decimal(String name, boolean nullable, int precision, int scale) {
            return new Column(name, ValueType.DECIMAL, nullable, precision, scale);
        }
    }

    public SourceSchema {
        columns = List.copyOf(columns);
        if (timeColumn < -1 || timeColumn >= columns.size()) {
            throw new IllegalArgumentException("time column " + timeColumn + " out of range");
        }
        if (timeColumn >= 0 && columns.get(timeColumn).type() != ValueType.TIMESTAMP) {
            throw new IllegalArgumentException(
                    "time column '" + columns.get(timeColumn).name() + "' is not a TIMESTAMP");
        }
    }

    /** Nullable columns of the given names and types, without an event-time column. */
    public static SourceSchema of(List<String> names, List<ValueType> types) {
        if (names.size() != types.size()) {
            throw new IllegalArgumentException("names and types differ in number");
        }
        List<Column> columns =
                IntStream.range(0, names.size())
                        .mapToObj(i -> new Column(names.get(i), types.get(i), true))
                        .toList();
        return new SourceSchema(columns, -1);
    }

    /**
     * The rows a plan's source node reads: its fields, in order, and its event-time field (or -1).
     */
    public static SourceSchema of(List<FieldSpec> fields, int timeField) {
        return new SourceSchema(
                fields.stream().map(f -> new Column(f.name(), f.type(), f.nullable())).toList(),
                timeField);
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The index of the column of this name (case-insensitive), or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            // equalsIgnoreCase compares char by char, free of the default locale's rules.
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** This schema with the named column as the event-time attribute. */
    public SourceSchema withTimeColumn(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "'");
        }
        return new SourceSchema(columns, index);
    }
}
