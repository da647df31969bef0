package dev.weir.sqltests;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .sqlt} script: statements, each ending with a line that ends in {@code ;}, each followed
 * by its expected output on lines starting with {@code >}. Lines starting with {@code #} are
 * comments. Expected output is one of:
 *
 * <ul>
 *   <li>rows, values separated by {@code " | "} (for a stream realization, in arrival order, with
 *       {@code *} for {@code ptime}; for a table realization, in order only under ORDER BY);
 *   <li>{@code > (no rows)};
 *   <li>{@code > ERROR CODE L:C} (and optionally {@code : message}) for an error.
 * </ul>
 *
 * A statement without expected lines must succeed; its output is not checked.
 *
 * <p>A line {@code !restart} stops the engine and starts it again on the same data directory, as a
 * server restart would: streams, tables, views and materialized views must come back as they were.
 */
record SqlScript(String name, List<Step> steps) {
    /** The directive that restarts the engine. */
    static final String RESTART = "!restart";

    /** One statement and what it must give. */
    record Step(String sql, int line, List<String> expected) {
        boolean isRestart() {
            return sql.equals(RESTART);
        }
    }

    /**
     * Whether the script keeps anything across statements (every script that creates something).
     */
    boolean isStateful() {
        return steps.stream()
                .anyMatch(
                        s ->
                                s.sql()
                                        .strip()
                                        .toUpperCase(java.util.Locale.ROOT)
                                        .startsWith("CREATE"));
    }

    /** This script with a restart between its two halves. */
    SqlScript withRestartInTheMiddle() {
        List<Step> withRestart = new ArrayList<>(steps);
        int middle = steps.size() / 2;
        withRestart.add(
                middle,
                new Step(RESTART, middle < steps.size() ? steps.get(middle).line() : 0, List.of()));
        return new SqlScript(name + " [restart after statement " + middle + "]", withRestart);
    }

    static SqlScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        int startLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith(">")) {
                if (steps.isEmpty()) {
                    throw new IllegalArgumentException(
                            name + ":" + (i + 1) + ": expected output before any statement");
                }
                // "> " then the line, indentation kept (EXPLAIN indents inputs).
                String body = trimmed.substring(1);
                body = body.startsWith(" ") ? body.substring(1) : body;
                steps.get(steps.size() - 1).expected().add(body.stripTrailing());
                continue;
            }
            if (sql.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (sql.length() == 0 && trimmed.equals(RESTART)) {
                steps.add(new Step(RESTART, i + 1, new ArrayList<>()));
                continue;
            }
            if (sql.length() == 0) {
                startLine = i + 1;
            }
            sql.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = sql.toString().strip();
                steps.add(
                        new Step(
                                statement.substring(0, statement.length() - 1),
                                startLine,
                                new ArrayList<>()));
                sql.setLength(0);
            }
        }
        if (sql.length() > 0) {
            throw new IllegalArgumentException(
                    name + ":" + startLine + ": statement does not end with ';'");
        }
        return new SqlScript(name, steps);
    }
}
