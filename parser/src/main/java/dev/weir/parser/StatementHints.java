package dev.weir.parser;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Better messages for statements that go wrong in their first words. When SHOW, CANCEL or DESCRIBE
 * is not followed by what it needs, JavaCC reports the first word itself (no statement matched),
 * and a misspelled first word comes back as Calcite's "Non-query expression encountered"; both say
 * less than what a person needs: what may follow, where. Elsewhere in a statement, that Calcite
 * message (an expression where a query must stand, as after a misspelled VALUES) is said plainly.
 */
final class StatementHints {
    private static final Pattern FIRST_WORDS =
            Pattern.compile("\\A(\\s*)([A-Za-z_][A-Za-z_0-9]*)(\\s*)(\\S?)");

    private static final Map<String, String> WHAT_FOLLOWS =
            Map.of(
                    "SHOW", "STREAMS, TABLES, VIEWS, MATERIALIZED VIEWS, QUERIES or FUNCTIONS",
                    "CANCEL", "QUERY and the query's id in quotes, as in CANCEL QUERY 'q1'",
                    "DESCRIBE", "the name of a stream, table or view");

    private static final String STATEMENTS =
            "SELECT, VALUES, WITH, INSERT, CREATE, DROP, SHOW, DESCRIBE, EXPLAIN or CANCEL";

    /** How Calcite's message starts when an expression stands where a query must. */
    private static final String NON_QUERY = "Non-query expression encountered";

    private StatementHints() {}

    static WeirException improve(WeirException error, ScriptStatement statement) {
        Matcher m = FIRST_WORDS.matcher(statement.sql());
        if (!m.find() || error.position().isEmpty()) {
            return error;
        }
        Position at = error.position().get();
        Position firstWord = positionOf(statement, m.start(2));
        boolean onlyTheFirstWord = m.group(4).isEmpty();
        if ((at.line() != firstWord.line() || at.column() != firstWord.column())
                && !onlyTheFirstWord) {
            if (error.rawMessage().startsWith(NON_QUERY)) {
                return Errors.syntaxError(
                        at,
                        "Syntax error: a query (SELECT, VALUES, WITH or TABLE) is expected here,"
                                + " not an expression.");
            }
            return error;
        }
        String word = m.group(2).toUpperCase(Locale.ROOT);
        String follows = WHAT_FOLLOWS.get(word);
        if (follows != null) {
            Position next = positionOf(statement, m.group(4).isEmpty() ? m.end(2) : m.start(4));
            String found =
                    m.group(4).isEmpty()
                            ? "end of input"
                            : "'" + nextWord(statement.sql(), m.start(4)) + "'";
            return Errors.syntaxError(
                    next,
                    "Syntax error at " + found + ": " + word + " is followed by " + follows + ".");
        }
        if (error.rawMessage().startsWith(NON_QUERY)) {
            return Errors.syntaxError(
                    firstWord,
                    "Syntax error at '"
                            + m.group(2)
                            + "': a statement starts with "
                            + STATEMENTS
                            + ".");
        }
        return error;
    }

    private static String nextWord(String sql, int from) {
        int end = from;
        while (end < sql.length() && !Character.isWhitespace(sql.charAt(end)) && end - from < 40) {
            end++;
        }
        return sql.substring(from, end);
    }

    /** The script position of character {@code index} of the statement. */
    private static Position positionOf(ScriptStatement statement, int index) {
        int line = statement.line();
        int column = statement.column();
        String sql = statement.sql();
        for (int i = 0; i < index && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return Position.at(line, column);
    }
}
