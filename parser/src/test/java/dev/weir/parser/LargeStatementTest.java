package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.ArrayDeque;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/**
 * Very large statements parse, or fail with STATEMENT_TOO_COMPLEX; neither the parser nor the JVM
 * falls over. (Surefire runs tests with -Xss4m, as the server does.)
 */
class LargeStatementTest {
    private static final int TERMS = 10_000;

    @Test
    void tenThousandAddedTermsParse() {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (int i = 1; i < TERMS; i++) {
            sql.append(" + ").append(i);
        }
        SqlSelect select = (SqlSelect) WeirParser.parseStatement(sql.append(" FROM t").toString());
        assertThat(select.getSelectList()).hasSize(1);
        assertThat(countLeaves(select.getSelectList().get(0), SqlKind.PLUS)).isEqualTo(TERMS);
    }

    @Test
    void tenThousandOredComparisonsParse() {
        StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE a = 0");
        for (int i = 1; i < TERMS; i++) {
            sql.append(" OR a = ").append(i);
        }
        SqlSelect select = (SqlSelect) WeirParser.parseStatement(sql.toString());
        assertThat(countLeaves(select.getWhere(), SqlKind.OR)).isEqualTo(TERMS);
    }

    @Test
    void tenThousandNestedParenthesesParseOrAreTooComplex() {
        String sql = "SELECT " + "(".repeat(TERMS) + "1" + ")".repeat(TERMS) + " FROM t";
        Throwable thrown = catchThrowable(() -> WeirParser.parseStatement(sql));
        if (thrown == null) {
            return; // parsed: as good as it gets
        }
        assertThat(thrown).isInstanceOf(WeirException.class);
        WeirException e = (WeirException) thrown;
        assertThat(e.code()).isEqualTo(ErrorCode.STATEMENT_TOO_COMPLEX);
        assertThat(e.getMessage())
                .isEqualTo(
                        "line 1:1: The statement is nested too deeply to parse (20015"
                                + " characters); split it or use fewer nested parentheses.");
        // The parser still works after unwinding from a stack overflow.
        assertThat(WeirParser.parseStatement("SELECT ((1)) FROM t")).isInstanceOf(SqlSelect.class);
    }

    @Test
    void fiveHundredNestedParenthesesParse() {
        String sql = "SELECT " + "(".repeat(500) + "1" + ")".repeat(500) + " FROM t";
        assertThat(WeirParser.parseStatement(sql)).isInstanceOf(SqlSelect.class);
    }

    /** How many operands a left- or right-deep chain of {@code kind} calls has, iteratively. */
    private static int countLeaves(SqlNode root, SqlKind kind) {
        int leaves = 0;
        ArrayDeque<SqlNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            SqlNode node = pending.pop();
            if (node.getKind() == kind) {
                for (SqlNode operand : ((SqlBasicCall) node).getOperandList()) {
                    pending.push(operand);
                }
            } else {
                leaves++;
            }
        }
        return leaves;
    }
}
