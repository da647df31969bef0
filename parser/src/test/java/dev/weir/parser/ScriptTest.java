package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.List;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

class ScriptTest {
    @Test
    void semicolonsInStringsIdentifiersAndCommentsDoNotSplit() {
        List<ScriptStatement> statements =
                ScriptSplitter.split(
                        "SELECT 'a;b' FROM t;\n"
                                + "SELECT \"x;y\" FROM t; -- trailing; comment\n"
                                + "/* block; comment */ SELECT 'it''s;' FROM t;;\n"
                                + "  ;\n"
                                + "SELECT \"q\"\"; \" FROM t");
        assertThat(statements)
                .containsExactly(
                        new ScriptStatement("SELECT 'a;b' FROM t", 1, 1),
                        new ScriptStatement("SELECT \"x;y\" FROM t", 2, 1),
                        new ScriptStatement(
                                "-- trailing; comment\n/* block; comment */ SELECT 'it''s;' FROM t",
                                2,
                                22),
                        new ScriptStatement("SELECT \"q\"\"; \" FROM t", 5, 1));
    }

    @Test
    void onlyCommentsAndWhitespaceAreNoStatements() {
        assertThat(ScriptSplitter.split("  -- nothing\n/* here */ ;\n")).isEmpty();
        assertThat(WeirParser.parseScript("")).isEmpty();
    }

    @Test
    void treesAndErrorsCarryScriptPositions() {
        var parsed = WeirParser.parseScript("SELECT a FROM t;\n\n   SELECT b\n   FROM u;");
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(1).line()).isEqualTo(3);
        assertThat(parsed.get(1).column()).isEqualTo(4);
        SqlSelect second = (SqlSelect) parsed.get(1).node();
        assertThat(second.getSelectList().get(0).getParserPosition().getLineNum()).isEqualTo(3);
        assertThat(second.getSelectList().get(0).getParserPosition().getColumnNum()).isEqualTo(11);
        assertThat(second.getFrom().getParserPosition().getLineNum()).isEqualTo(4);
        assertThat(second.getFrom().getParserPosition().getColumnNum()).isEqualTo(9);

        assertThatThrownBy(() -> WeirParser.parseScript("SELECT 1;\nSELECT 2;\n  SELECT FROM t;"))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                            assertThat(e.getMessage())
                                    .startsWith("line 3:10: Syntax error at 'FROM'");
                        });
        assertThatThrownBy(() -> WeirParser.parseScript("SELECT 1;\nSELECT 'open;\nSELECT 3;"))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith("line 2:8: Unterminated string literal"));
    }
}
