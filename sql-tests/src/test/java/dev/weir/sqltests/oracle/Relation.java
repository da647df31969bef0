package dev.weir.sqltests.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A generated input relation: an internal stream (with its event-time column and watermark delay)
 * or a table with a primary key. In DuckDB a stream is a table with its arrival order ({@code arr})
 * and a view that adds, per row, the watermark at its arrival ({@code awm}).
 *
 * @param timeColumn the stream's event-time column, declared with {@code WATERMARK FOR}
 * @param delayMillis the watermark's delay: the watermark is the largest event time seen minus it
 * @param lateFree whether every row of this stream is generated strictly after the watermark at its
 *     arrival (none is late for any window, and no session closes before a row that touches it
 *     arrives): the streams that sessions and window joins read
 */
record Relation(
        String name,
        List<Column> columns,
        Optional<String> timeColumn,
        long delayMillis,
        boolean lateFree,
        Optional<String> primaryKey) {

    boolean isStream() {
        return primaryKey.isEmpty();
    }

    Column column(String name) {
        return columns.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }

    int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    List<Column> columnsOf(Expr.Type type) {
        List<Column> found = new ArrayList<>();
        for (Column c : columns) {
            if (c.type() == type) {
                found.add(c);
            }
        }
        return found;
    }

    String weirDdl() {
        StringBuilder b = new StringBuilder(isStream() ? "CREATE STREAM " : "CREATE TABLE ");
        b.append(name).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            b.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.weirType());
            if (!c.nullable()) {
                b.append(" NOT NULL");
            }
        }
        if (timeColumn.isPresent()) {
            String t = timeColumn.get();
            b.append(", WATERMARK FOR ").append(t).append(" AS ").append(t);
            if (delayMillis > 0) {
                b.append(" - INTERVAL '").append(Literals.seconds(delayMillis)).append("' SECOND");
            }
        }
        primaryKey.ifPresent(k -> b.append(", PRIMARY KEY (").append(k).append(')'));
        return b.append(')').toString();
    }

    /** DuckDB: the rows, in arrival order for a stream. */
    String duckDdl() {
        StringBuilder b = new StringBuilder("CREATE TABLE " + duckTable() + " (");
        if (isStream()) {
            b.append("arr BIGINT, ");
        }
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            b.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.duckType());
        }
        primaryKey.ifPresent(k -> b.append(", PRIMARY KEY (").append(k).append(')'));
        return b.append(')').toString();
    }

    String duckTable() {
        return isStream() ? name + "_rows" : name;
    }

    /**
     * DuckDB: the stream as queries read it. {@code t_ms} is the event time in epoch milliseconds,
     * {@code awm} the watermark when the row arrived: the largest event time of the rows before it
     * minus the delay (NULL while there is none), exactly DIALECT.md's rule, as a window function
     * over the arrival order. Rows with a NULL time do not move it.
     */
    String duckView() {
        if (!isStream()) {
            return "";
        }
        String t = timeColumn.orElseThrow();
        return "CREATE VIEW "
                + name
                + " AS SELECT *, epoch_ms("
                + t
                + ") AS t_ms, max(epoch_ms("
                + t
                + ")) OVER (ORDER BY arr ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - "
                + delayMillis
                + " AS awm FROM "
                + duckTable();
    }
}
