package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** A column declaration: {@code name type [NOT NULL]}. */
public final class SqlColumn extends SqlCall {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("COLUMN_DECLARATION", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;
    private final boolean nullable;

    public SqlColumn(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type, boolean nullable) {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.nullable = nullable;
    }

    public SqlIdentifier name() {
        return name;
    }

    public SqlDataTypeSpec type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, type, Unparsing.flag(nullable));
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (!nullable) {
            writer.keyword("NOT NULL");
        }
    }
}
