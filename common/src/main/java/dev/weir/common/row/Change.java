package dev.weir.common.row;

import static java.util.Objects.requireNonNull;

/**
 * One change of a relation: a row and what happens to it. Every operator consumes and produces
 * changes.
 */
public record Change(RowKind kind, Row row) {
    public Change {
        requireNonNull(kind, "kind is null");
        requireNonNull(row, "row is null");
    }

    public static Change insert(Row row) {
        return new Change(RowKind.INSERT, row);
    }

    public static Change delete(Row row) {
        return new Change(RowKind.DELETE, row);
    }

    public static Change updateBefore(Row row) {
        return new Change(RowKind.UPDATE_BEFORE, row);
    }

    public static Change updateAfter(Row row) {
        return new Change(RowKind.UPDATE_AFTER, row);
    }

    /** Flink's notation: {@code +I[1, a]}. */
    @Override
    public String toString() {
        return kind.shortString() + row;
    }
}
