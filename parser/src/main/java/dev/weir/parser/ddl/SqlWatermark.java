package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code WATERMARK FOR column AS expression}: declares {@code column} the stream's event-time
 * attribute and how far behind the largest time seen the watermark trails.
 */
public final class SqlWatermark extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("WATERMARK", SqlKind.OTHER);

    private final SqlIdentifier timeColumn;
    private final SqlNode expression;

    public SqlWatermark(SqlParserPos pos, SqlIdentifier timeColumn, SqlNode expression) {
        super(pos);
        this.timeColumn = requireNonNull(timeColumn, "timeColumn is null");
        this.expression = requireNonNull(expression, "expression is null");
    }

    public SqlIdentifier timeColumn() {
        return timeColumn;
    }

    public SqlNode expression() {
        return expression;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(timeColumn, expression);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("WATERMARK FOR");
        timeColumn.unparse(writer, 0, 0);
        writer.keyword("AS");
        expression.unparse(writer, 0, 0);
    }
}
