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

/** A top-level query with its EMIT clause. */
public final class SqlEmitQuery extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("EMIT_QUERY", SqlKind.OTHER);

    private final SqlNode query;
    private final SqlEmit emit;

    public SqlEmitQuery(SqlParserPos pos, SqlNode query, SqlEmit emit) {
        super(pos);
        this.query = requireNonNull(query, "query is null");
        this.emit = requireNonNull(emit, "emit is null");
    }

    public SqlNode query() {
        return query;
    }

    public SqlEmit emit() {
        return emit;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(query, emit);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        query.unparse(writer, 0, 0);
        emit.unparse(writer, 0, 0);
    }
}
