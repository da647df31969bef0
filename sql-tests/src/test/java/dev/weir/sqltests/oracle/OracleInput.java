package dev.weir.sqltests.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The generated relations and their rows; a stream's rows in arrival order (the order of its
 * INSERTs), which decides its watermark and so which rows are late.
 */
record OracleInput(List<Relation> relations, Map<String, List<Object[]>> rows) {
    OracleInput {
        relations = List.copyOf(relations);
        rows = new LinkedHashMap<>(rows);
    }

    Relation relation(String name) {
        return relations.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    List<Object[]> rowsOf(String relation) {
        return rows.getOrDefault(relation, List.of());
    }

    int size() {
        return rows.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The watermark once every row has arrived: the largest event time minus the delay; empty when
     * no row has a time (no watermark, nothing complete).
     */
    OptionalLong finalWatermark(String stream) {
        Relation r = relation(stream);
        int t = r.index(r.timeColumn().orElseThrow());
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (Object[] row : rowsOf(stream)) {
            if (row[t] != null) {
                max = Math.max(max, (Long) row[t]);
                any = true;
            }
        }
        return any ? OptionalLong.of(max - r.delayMillis()) : OptionalLong.empty();
    }

    /** The same relations with other rows (a shrinker's candidate). */
    OracleInput withRows(Map<String, List<Object[]>> newRows) {
        return new OracleInput(relations, newRows);
    }

    /**
     * The INSERT statements that feed {@code relation} its rows {@code [from, to)}, in order, a few
     * rows per statement.
     */
    List<String> weirInserts(String relation, int from, int to) {
        List<String> statements = new ArrayList<>();
        List<Object[]> all = rowsOf(relation);
        Relation r = relation(relation);
        for (int start = from; start < to; start += 25) {
            StringBuilder b = new StringBuilder("INSERT INTO " + relation + " VALUES ");
            for (int i = start; i < Math.min(to, start + 25); i++) {
                b.append(i == start ? "" : ", ").append(tuple(r, all.get(i)));
            }
            statements.add(b.toString());
        }
        return statements;
    }

    /** DuckDB: every row, with its arrival position for a stream. */
    List<String> duckInserts(String relation) {
        List<String> statements = new ArrayList<>();
        List<Object[]> all = rowsOf(relation);
        Relation r = relation(relation);
        for (int start = 0; start < all.size(); start += 200) {
            StringBuilder b = new StringBuilder("INSERT INTO " + r.duckTable() + " VALUES ");
            for (int i = start; i < Math.min(all.size(), start + 200); i++) {
                String t = tuple(r, all.get(i));
                b.append(i == start ? "" : ", ")
                        .append(r.isStream() ? "(" + i + ", " + t.substring(1) : t);
            }
            statements.add(b.toString());
        }
        return statements;
    }

    static String tuple(Relation r, Object[] row) {
        StringBuilder b = new StringBuilder("(");
        for (int c = 0; c < row.length; c++) {
            b.append(c == 0 ? "" : ", ").append(Literals.value(row[c], r.columns().get(c).type()));
        }
        return b.append(')').toString();
    }
}
