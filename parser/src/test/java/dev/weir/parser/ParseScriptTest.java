package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.common.error.ErrorCode;
import dev.weir.parser.ddl.SqlCreateStream;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

/** Parsing scripts: every position, in trees and in errors, is the script's. */
class ParseScriptTest {
    @Test
    void parsesEveryStatementInOrder() {
        List<ParsedStatement> parsed =
                WeirParser.parseScript(
                        "CREATE STREAM s (a INT);\n"
                                + "INSERT INTO s VALUES (1); -- one row\n"
                                + "SELECT a FROM s EMIT STREAM;\n");
        assertThat(parsed).extracting(ParsedStatement::line).containsExactly(1, 2, 3);
        assertThat(parsed)
                .extracting(ParsedStatement::sql)
                .containsExactly(
                        "CREATE STREAM s (a INT)",
                        "INSERT INTO s VALUES (1)",
                        "SELECT a FROM s EMIT STREAM");
        assertThat(parsed.get(0).node()).isInstanceOf(SqlCreateStream.class);
        assertThat(parsed.get(1).node()).isInstanceOf(SqlInsert.class);
    }

    @Test
    void anEmptyScriptHasNoStatements() {
        assertThat(WeirParser.parseScript("")).isEmpty();
        assertThat(WeirParser.parseScript(" ; -- nothing\n;")).isEmpty();
    }

    @Test
    void treesOfLaterStatementsCarryScriptPositions() {
        List<ParsedStatement> parsed =
                WeirParser.parseScript("SELECT a FROM t;\n\n   SELECT b\n   FROM u;");
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(1).line()).isEqualTo(3);
        assertThat(parsed.get(1).column()).isEqualTo(4);
        SqlSelect second = (SqlSelect) parsed.get(1).node();
        assertPosition(second.getSelectList().get(0).getParserPosition(), 3, 11);
        assertPosition(second.getFrom().getParserPosition(), 4, 9);
    }

    @Test
    void aStatementStartingMidLineCountsColumnsFromTheLineStart() {
        List<ParsedStatement> parsed = WeirParser.parseScript("SELECT 1; SELECT x FROM t");
        SqlSelect second = (SqlSelect) parsed.get(1).node();
        assertPosition(second.getSelectList().get(0).getParserPosition(), 1, 18);
        assertPosition(second.getFrom().getParserPosition(), 1, 25);
    }

    @Test
    void errorsInLaterStatementsCarryScriptPositions() {
        assertFails("SELECT 1;\nSELECT 2;\n  SELECT FROM t;", ErrorCode.SYNTAX_ERROR, 3, 10);
        assertFails("SELECT 1; SELECT x FROM", ErrorCode.SYNTAX_ERROR, 1, 24);
        assertFails("SELECT 1;\nSELECT 'open;\nSELECT 3;", ErrorCode.SYNTAX_ERROR, 2, 8);
        assertFails(
                "SELECT 1;\nSELECT a FROM t\n  EMIT STREAM WITH (SNAPSHOT = 1);",
                ErrorCode.INVALID_OPTION,
                3,
                32);
    }

    @Test
    void theFirstErrorOfTheScriptIsReported() {
        // The unterminated string comes later: the syntax error before it is the one reported.
        assertFails("SELECT 1;\nSELECT FROM t;\nSELECT 'open", ErrorCode.SYNTAX_ERROR, 2, 8);
    }

    @Test
    void parseStatementRejectsASecondStatementWithoutParsingIt() {
        Throwable thrown = catchThrowable(() -> WeirParser.parseStatement("SELECT 1; SELECT FROM"));
        new ExpectedError(
                        ErrorCode.SYNTAX_ERROR,
                        1,
                        11,
                        Optional.of(
                                "Only one statement is expected here, but a second one starts"
                                        + " here."))
                .assertMatches(thrown);
    }

    private static void assertFails(String script, ErrorCode code, int line, int column) {
        new ExpectedError(code, line, column, Optional.empty())
                .assertMatches(catchThrowable(() -> WeirParser.parseScript(script)));
    }

    private static void assertPosition(SqlParserPos pos, int line, int column) {
        assertThat(pos.getLineNum() + ":" + pos.getColumnNum()).isEqualTo(line + ":" + column);
    }
}
