package dev.weir.parser;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import dev.weir.parser.impl.ParseException;
import dev.weir.parser.impl.SimpleCharStream;
import dev.weir.parser.impl.Token;
import dev.weir.parser.impl.TokenMgrError;
import dev.weir.parser.impl.WeirCharStream;
import dev.weir.parser.impl.WeirSqlParserImpl;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses Weir SQL: Calcite's grammar plus Weir's statements and EMIT (see DIALECT.md).
 *
 * <p>Identifiers are kept as written, quoted or not; matching them case-insensitively is the
 * validator's job. Every error is a {@link WeirException} with a position in the text given, so for
 * a script the positions are the script's, not the statement's.
 */
public final class WeirParser {
    /** Calcite's limit on identifier length; names longer than this are surely a mistake. */
    private static final int IDENTIFIER_MAX_LENGTH = 128;

    private static final SqlDialect UNPARSE_DIALECT = CalciteSqlDialect.DEFAULT;

    private WeirParser() {}

    /** Parses one statement; a trailing semicolon is allowed. */
    public static SqlNode parseStatement(String sql) {
        List<SqlNode> parsed = new ArrayList<>();
        ScriptSplitter.split(
                sql,
                statement -> {
                    if (!parsed.isEmpty()) {
                        throw Errors.syntaxError(
                                Position.at(statement.line(), statement.column()),
                                "Only one statement is expected here, but a second one starts"
                                        + " here.");
                    }
                    parsed.add(parse(statement));
                });
        if (parsed.isEmpty()) {
            throw Errors.syntaxError(Position.at(1, 1), "The statement is empty.");
        }
        return parsed.get(0);
    }

    /**
     * Parses a script: statements separated by semicolons. Stops at the first statement that does
     * not parse (or cannot be cut out of the script), so the error is always the script's first.
     */
    public static List<ParsedStatement> parseScript(String script) {
        List<ParsedStatement> parsed = new ArrayList<>();
        ScriptSplitter.split(
                script,
                statement ->
                        parsed.add(
                                new ParsedStatement(
                                        statement.sql(),
                                        statement.line(),
                                        statement.column(),
                                        parse(statement))));
        return parsed;
    }

    /** SQL text for {@code node} that parses back to an equal tree. */
    public static String unparse(SqlNode node) {
        return node.toSqlString(
                        c ->
                                c.withDialect(UNPARSE_DIALECT)
                                        .withAlwaysUseParentheses(false)
                                        .withQuoteAllIdentifiers(true))
                .getSql();
    }

    private static SqlNode parse(ScriptStatement statement) {
        WeirSqlParserImpl parser = newParser(statement);
        try {
            return parser.WeirStmtEof();
        } catch (WeirException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw Errors.statementTooComplex(statement.sql().length());
        } catch (ParseException e) {
            throw StatementHints.improve(syntaxError(parser, e), statement);
        } catch (TokenMgrError | RuntimeException e) {
            throw StatementHints.improve(otherError(parser, e, statement), statement);
        }
    }

    private static WeirSqlParserImpl newParser(ScriptStatement statement) {
        WeirSqlParserImpl parser = new WeirSqlParserImpl(new StringReader(""));
        // Start the character stream where the statement starts in its script, so that every
        // position the parser records, in errors and in the tree, is the script's.
        SimpleCharStream stream =
                new WeirCharStream(
                        new StringReader(statement.sql()),
                        statement.line(),
                        statement.column(),
                        Math.max(statement.sql().length(), 1));
        parser.token_source.ReInit(stream);
        parser.setOriginalSql(statement.sql());
        parser.setQuotedCasing(Casing.UNCHANGED);
        parser.setUnquotedCasing(Casing.UNCHANGED);
        parser.setIdentifierMaxLength(IDENTIFIER_MAX_LENGTH);
        parser.setConformance(SqlConformanceEnum.DEFAULT);
        parser.switchTo(
                SqlAbstractParserImpl.LexicalState.forConfig(
                        SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE)));
        return parser;
    }

    private static WeirException syntaxError(WeirSqlParserImpl parser, ParseException e) {
        Token found = e.currentToken == null ? null : e.currentToken.next;
        SqlParseException normalized = parser.normalizeException(e);
        List<String> expected = new ArrayList<>();
        int[][] sequences = normalized.getExpectedTokenSequences();
        String[] images = normalized.getTokenImages();
        if (sequences != null && images != null) {
            for (int[] sequence : sequences) {
                if (sequence.length > 0) {
                    expected.add(images[sequence[0]]);
                }
            }
        }
        Position position =
                found == null
                        ? Positions.of(normalized.getPos())
                        : positionOf(found, e.currentToken);
        String foundText = found == null || found.kind == 0 ? null : found.image;
        if ("EMIT".equalsIgnoreCase(foundText)) {
            return Errors.emitNotAllowed(position);
        }
        return Errors.syntaxError(
                position, SyntaxErrorMessages.unexpectedToken(foundText, expected));
    }

    /**
     * Where {@code token} is; the end of input is just after the last token read ({@code
     * previous}), where the missing text would go.
     */
    private static Position positionOf(Token token, Token previous) {
        if (token.kind == 0 && previous != null && previous.kind != 0 && previous.endLine >= 1) {
            return Position.at(previous.endLine, previous.endColumn + 1);
        }
        if (token.beginLine < 1) {
            return Position.at(1, 1);
        }
        if (token.endLine < token.beginLine
                || (token.endLine == token.beginLine && token.endColumn < token.beginColumn)) {
            return Position.at(token.beginLine, token.beginColumn);
        }
        return new Position(token.beginLine, token.beginColumn, token.endLine, token.endColumn);
    }

    private static WeirException otherError(
            WeirSqlParserImpl parser, Throwable e, ScriptStatement statement) {
        SqlParseException normalized = parser.normalizeException(e);
        Position position =
                normalized.getPos() == null
                        ? Position.at(statement.line(), statement.column())
                        : Positions.of(normalized.getPos());
        String message;
        if (e instanceof TokenMgrError) {
            message = "Syntax error: unexpected character " + describeCharacterAt(e) + ".";
        } else {
            String calcite = normalized.getMessage();
            message = calcite == null ? e.toString() : calcite;
            if (!message.endsWith(".")) {
                message = message + ".";
            }
        }
        return Errors.syntaxError(position, message);
    }

    /** JavaCC's lexical errors say: {@code Encountered: "#" (35), after : ""}. */
    private static String describeCharacterAt(Throwable e) {
        String text = String.valueOf(e.getMessage());
        int at = text.indexOf("Encountered: ");
        if (at < 0) {
            return "here";
        }
        String rest = text.substring(at + "Encountered: ".length());
        int end = rest.indexOf(" (");
        String quoted = end < 0 ? rest : rest.substring(0, end);
        if (quoted.length() >= 2
                && (quoted.startsWith("\"") || quoted.startsWith("'"))
                && quoted.charAt(quoted.length() - 1) == quoted.charAt(0)) {
            quoted = quoted.substring(1, quoted.length() - 1);
        }
        return "'" + quoted + "'";
    }
}
