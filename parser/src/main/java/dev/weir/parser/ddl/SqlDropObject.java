package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP { STREAM | TABLE | VIEW | MATERIALIZED VIEW } [IF EXISTS] name}. */
public final class SqlDropObject extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP", SqlKind.OTHER_DDL);

    private final ObjectKind objectKind;
    private final SqlIdentifier name;

    public SqlDropObject(
            SqlParserPos pos, ObjectKind objectKind, boolean ifExists, SqlIdentifier name) {
        super(OPERATOR, pos, ifExists);
        this.objectKind = requireNonNull(objectKind, "objectKind is null");
        this.name = requireNonNull(name, "name is null");
    }

    public ObjectKind objectKind() {
        return objectKind;
    }

    public SqlIdentifier name() {
        return name;
    }

    public boolean ifExists() {
        return ifExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(
                SqlLiteral.createSymbol(objectKind, SqlParserPos.ZERO),
                Unparsing.flag(ifExists),
                name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP");
        writer.keyword(objectKind.sql());
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, 0, 0);
    }
}
