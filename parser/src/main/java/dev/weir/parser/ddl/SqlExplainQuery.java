package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code EXPLAIN [PLAN FOR] statement}: the streaming physical plan of a query (with its EMIT, if
 * any) or of an INSERT.
 */
public final class SqlExplainQuery extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("EXPLAIN", SqlKind.EXPLAIN);

    private final SqlNode explained;

    public SqlExplainQuery(SqlParserPos pos, SqlNode explained) {
        super(pos);
        this.explained = requireNonNull(explained, "explained is null");
    }

    /** The statement explained: a query, a {@link SqlEmitQuery} or an INSERT. */
    public SqlNode explained() {
        return explained;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(explained);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("EXPLAIN");
        explained.unparse(writer, 0, 0);
    }
}
