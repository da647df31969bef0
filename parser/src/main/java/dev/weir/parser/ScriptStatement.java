package dev.weir.parser;

import static java.util.Objects.requireNonNull;

/**
 * One statement's text cut out of a script, and where in the script it starts (1-based).
 *
 * @param sql the statement, without its terminating semicolon
 * @param line the line of its first character in the script
 * @param column the column of its first character in the script
 */
public record ScriptStatement(String sql, int line, int column) {
    public ScriptStatement {
        requireNonNull(sql, "sql is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("a statement starts at line 1, column 1 or later");
        }
    }
}
