package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CANCEL QUERY '<id>'}: stops a running continuous or persistent query. */
public final class SqlCancelQuery extends SqlCall {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CANCEL QUERY", SqlKind.OTHER);

    private final SqlNode queryId;

    public SqlCancelQuery(SqlParserPos pos, SqlNode queryId) {
        super(pos);
        this.queryId = requireNonNull(queryId, "queryId is null");
    }

    public String queryId() {
        return SqlLiteral.unchain(queryId).getValueAs(String.class);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(queryId);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CANCEL QUERY");
        queryId.unparse(writer, 0, 0);
    }
}
