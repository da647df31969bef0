package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.common.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cutting a script into statements: only the semicolons that separate statements cut. */
class ScriptSplitterTest {
    private static List<ScriptStatement> split(String script) {
        return ScriptSplitter.split(script);
    }

    @Test
    void semicolonsInStringsDoNotSplit() {
        assertThat(split("SELECT 'a;b' FROM t; SELECT 'it''s; fine'"))
                .containsExactly(
                        new ScriptStatement("SELECT 'a;b' FROM t", 1, 1),
                        new ScriptStatement("SELECT 'it''s; fine'", 1, 22));
    }

    @Test
    void semicolonsInQuotedIdentifiersDoNotSplit() {
        assertThat(split("SELECT \"x;y\" FROM t;\nSELECT \"q\"\";\" FROM \"a\"\"\"; "))
                .containsExactly(
                        new ScriptStatement("SELECT \"x;y\" FROM t", 1, 1),
                        new ScriptStatement("SELECT \"q\"\";\" FROM \"a\"\"\"", 2, 1));
    }

    @Test
    void semicolonsInCommentsDoNotSplit() {
        assertThat(
                        split(
                                "SELECT 1 -- one; two\n"
                                        + "  + 2 /* three;\n four; */ + 3 // five; six\n"
                                        + "FROM t;"))
                .containsExactly(
                        new ScriptStatement(
                                "SELECT 1 -- one; two\n"
                                        + "  + 2 /* three;\n four; */ + 3 // five; six\n"
                                        + "FROM t",
                                1,
                                1));
    }

    @Test
    void commentsBeforeAStatementAreNotPartOfIt() {
        assertThat(split("SELECT 1; -- trailing; comment\n/* block; */ SELECT 2;"))
                .containsExactly(
                        new ScriptStatement("SELECT 1", 1, 1),
                        new ScriptStatement("SELECT 2", 2, 14));
    }

    @Test
    void emptyStatementsAndTrailingCommentsAreDropped() {
        assertThat(split(";;\n  ;\nSELECT 1;;  ; -- the end\n/* really */\n"))
                .containsExactly(new ScriptStatement("SELECT 1", 3, 1));
        assertThat(split("  -- nothing\n/* here */ ;\n")).isEmpty();
        assertThat(split("")).isEmpty();
    }

    @Test
    void everyStatementKnowsItsLineAndColumn() {
        assertThat(
                        split(
                                "CREATE STREAM s (a INT);\n"
                                        + "\n"
                                        + "    INSERT INTO s\n"
                                        + "    VALUES (1);   SELECT a FROM s\r\n"
                                        + "\tSHOW STREAMS"))
                .containsExactly(
                        new ScriptStatement("CREATE STREAM s (a INT)", 1, 1),
                        new ScriptStatement("INSERT INTO s\n    VALUES (1)", 3, 5),
                        new ScriptStatement("SELECT a FROM s\r\n\tSHOW STREAMS", 4, 19));
    }

    @Test
    void unterminatedTextIsAnErrorAtItsOpening() {
        assertSyntaxErrorAt(
                "SELECT 1;\nSELECT 'never closed; FROM t", 2, 8, "Unterminated string literal");
        assertSyntaxErrorAt("SELECT 1;\n  SELECT \"a;", 2, 10, "Unterminated quoted identifier");
        assertSyntaxErrorAt("SELECT 1; SELECT 2 /* ; */ /* ;", 1, 28, "Unterminated comment");
    }

    @Test
    void statementsAreHandedOnBeforeTheRestIsRead() {
        List<ScriptStatement> seen = new ArrayList<>();
        Throwable thrown =
                catchThrowable(
                        () ->
                                ScriptSplitter.split(
                                        "SELECT 1; SELECT 2; SELECT 'open",
                                        s -> {
                                            seen.add(s);
                                            if (seen.size() == 2) {
                                                throw new IllegalStateException("stop");
                                            }
                                        }));
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("stop");
        assertThat(seen).extracting(ScriptStatement::sql).containsExactly("SELECT 1", "SELECT 2");
    }

    private static void assertSyntaxErrorAt(String script, int line, int column, String prefix) {
        new ExpectedError(ErrorCode.SYNTAX_ERROR, line, column, Optional.empty())
                .assertMatches(catchThrowable(() -> split(script)));
        assertThat(catchThrowable(() -> split(script)).getMessage())
                .startsWith("line " + line + ":" + column + ": " + prefix);
    }
}
