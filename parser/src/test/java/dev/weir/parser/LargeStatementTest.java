package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** Very large statements parse, or fail with a clear error; the JVM never overflows its stack. */
class LargeStatementTest {
    @Test
    void tenThousandTermsParse() {
        StringBuilder sum = new StringBuilder("SELECT 1");
        StringBuilder or = new StringBuilder("SELECT a FROM t WHERE a = 0");
        for (int i = 1; i < 10_000; i++) {
            sum.append(" + ").append(i);
            or.append(" OR a = ").append(i);
        }
        SqlNode plus = WeirParser.parseStatement(sum.append(" FROM t").toString());
        assertThat(((SqlSelect) plus).getSelectList()).hasSize(1);
        SqlNode ors = WeirParser.parseStatement(or.toString());
        assertThat(((SqlSelect) ors).getWhere()).isNotNull();
    }

    @Test
    void tenThousandNestedParenthesesFailCleanlyOrParse() {
        String sql = "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " FROM t";
        Throwable thrown = catchThrowable(() -> WeirParser.parseStatement(sql));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(WeirException.class);
            assertThat(((WeirException) thrown).code()).isEqualTo(ErrorCode.STATEMENT_TOO_COMPLEX);
        }
    }
}
