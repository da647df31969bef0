package dev.weir.parser;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/**
 * A statement of a script, parsed.
 *
 * @param sql the statement's text, without its semicolon
 * @param line where it starts in the script
 * @param column where it starts on {@code line}
 * @param node its tree; positions in it are the script's
 */
public record ParsedStatement(String sql, int line, int column, SqlNode node) {
    public ParsedStatement {
        requireNonNull(sql, "sql is null");
        requireNonNull(node, "node is null");
    }
}
