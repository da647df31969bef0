package dev.weir.parser;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script into statements at the semicolons that separate them. Semicolons inside string
 * literals, quoted identifiers and comments do not separate; statements that hold nothing but
 * whitespace and comments are dropped. Every statement keeps the line and column where it starts,
 * so that errors point into the script, not into the statement.
 *
 * <p>This is a lexical pass, not a parse: it knows Calcite's quoting (single-quoted strings with
 * {@code ''} escapes, double-quoted identifiers with {@code ""}, {@code --} and block comments) and
 * nothing else.
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
        return new ScriptSplitter(script).splitAll();
    }

    private List<ScriptStatement> splitAll() {
        List<ScriptStatement> statements = new ArrayList<>();
        int start = -1;
        int startLine = 0;
        int startColumn = 0;
        boolean meaningful = false;
        while (index < script.length()) {
            char c = script.charAt(index);
            if (start < 0 && !Character.isWhitespace(c)) {
                start = index;
                startLine = line;
                startColumn = column;
            }
            if (c == '\'' || c == '"') {
                meaningful = true;
                skipQuoted(c);
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == ';') {
                if (meaningful) {
                    statements.add(
                            new ScriptStatement(
                                    script.substring(start, index).stripTrailing(),
                                    startLine,
                                    startColumn));
                }
                advance();
                start = -1;
                meaningful = false;
            } else {
                if (!Character.isWhitespace(c)) {
                    meaningful = true;
                }
                advance();
            }
        }
        if (meaningful) {
            statements.add(
                    new ScriptStatement(
                            script.substring(start).stripTrailing(), startLine, startColumn));
        }
        return statements;
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
