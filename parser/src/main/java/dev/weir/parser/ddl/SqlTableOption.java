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

/** One connector option: {@code 'key' = 'value'}. */
public final class SqlTableOption extends SqlCall {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("TABLE_OPTION", SqlKind.OTHER);

    private final SqlNode key;
    private final SqlNode value;

    public SqlTableOption(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos);
        this.key = requireNonNull(key, "key is null");
        this.value = requireNonNull(value, "value is null");
    }

    public SqlNode keyNode() {
        return key;
    }

    public String key() {
        return SqlLiteral.unchain(key).getValueAs(String.class);
    }

    public String value() {
        return SqlLiteral.unchain(value).getValueAs(String.class);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(key, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
