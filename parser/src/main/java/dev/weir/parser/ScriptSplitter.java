package dev.weir.parser;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a script into statements at the semicolons that separate them. Semicolons inside string
 * literals, quoted identifiers and comments do not separate; statements that hold nothing but
 * whitespace and comments are dropped. A statement starts at its first token (comments before it
 * belong to no statement) and keeps the line and column of that token, so that errors point into
 * the script, not into the statement.
 *
 * <p>This is a lexical pass, not a parse: it knows Calcite's quoting (single-quoted strings with
 * {@code ''} escapes, double-quoted identifiers with {@code ""}) and comments ({@code --} and
 * {@code //} to the end of the line, as Calcite's lexer has them, and block comments) and nothing
 * else.
 */
public final class ScriptSplitter {
    private final String script;
    private int index;
    private int line = 1;
    private int column = 1;

    private ScriptSplitter(String script) {
        this.script = script;
    }

    public static List<ScriptStatement> split(String script) {
        List<ScriptStatement> statements = new ArrayList<>();
        split(script, statements::add);
        return statements;
    }

    /**
     * Hands each statement to {@code each} as soon as it is cut, before the rest of the script is
     * read: if {@code each} throws for a statement, an error later in the script (an unterminated
     * string, say) is never reached, so the first error of the script is the one reported.
     */
    public static void split(String script, Consumer<ScriptStatement> each) {
        new ScriptSplitter(script).splitAll(each);
    }

    private void splitAll(Consumer<ScriptStatement> each) {
        int start = -1; // index of the current statement's first token; -1 before it
        int startLine = 0;
        int startColumn = 0;
        while (index < script.length()) {
            char c = script.charAt(index);
            if ((c == '-' || c == '/') && peek(1) == c) {
                skipLineComment();
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                skipBlockComment();
                continue;
            }
            if (c == ';') {
                if (start >= 0) {
                    each.accept(
                            new ScriptStatement(
                                    script.substring(start, index).stripTrailing(),
                                    startLine,
                                    startColumn));
                }
                advance();
                start = -1;
                continue;
            }
            if (start < 0 && !Character.isWhitespace(c)) {
                start = index;
                startLine = line;
                startColumn = column;
            }
            if (c == '\'' || c == '"') {
                skipQuoted(c);
            } else {
                advance();
            }
        }
        if (start >= 0) {
            each.accept(
                    new ScriptStatement(
                            script.substring(start).stripTrailing(), startLine, startColumn));
        }
    }

    private char peek(int ahead) {
        int i = index + ahead;
        return i < script.length() ? script.charAt(i) : '\0';
    }

    private void advance() {
        if (script.charAt(index) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        index++;
    }

    private void skipQuoted(char quote) {
        Position opening = Position.at(line, column);
        advance();
        while (index < script.length()) {
            if (script.charAt(index) == quote) {
                if (peek(1) == quote) {
                    advance();
                    advance();
                    continue;
                }
                advance();
                return;
            }
            advance();
        }
        throw Errors.syntaxError(
                opening,
                quote == '\''
                        ? "Unterminated string literal: the quote opened here is never closed."
                        : "Unterminated quoted identifier: the double quote opened here is never"
                                + " closed.");
    }

    private void skipLineComment() {
        while (index < script.length() && script.charAt(index) != '\n') {
            advance();
        }
    }

    private void skipBlockComment() {
        Position opening = Position.at(line, column);
        advance();
        advance();
        while (index < script.length()) {
            if (script.charAt(index) == '*' && peek(1) == '/') {
                advance();
                advance();
                return;
            }
            advance();
        }
        throw Errors.syntaxError(
                opening, "Unterminated comment: the '/*' here is never closed by '*/'.");
    }
}
