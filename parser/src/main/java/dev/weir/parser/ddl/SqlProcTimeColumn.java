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
 * A processing-time attribute of a stream, Flink's computed column {@code name AS PROCTIME()}: not
 * stored and not inserted, its value is the wall clock when the row is read.
 */
public final class SqlProcTimeColumn extends SqlCall {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("PROCTIME_COLUMN", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;

    public SqlProcTimeColumn(SqlParserPos pos, SqlIdentifier name) {
        super(pos);
        this.name = requireNonNull(name, "name is null");
    }

    public SqlIdentifier name() {
        return name;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        writer.keyword("AS");
        writer.keyword("PROCTIME()");
    }
}
