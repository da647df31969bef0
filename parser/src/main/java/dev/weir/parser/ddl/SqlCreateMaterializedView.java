package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(c, ...)] AS query [EMIT ...]}: a query
 * maintained incrementally by a persistent job.
 */
public final class SqlCreateMaterializedView extends SqlCreate {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CREATE MATERIALIZED VIEW", SqlKind.CREATE_MATERIALIZED_VIEW);

    private final SqlIdentifier name;
    private final SqlNodeList columnNames;
    private final SqlNode query;
    private final SqlEmit emit;

    public SqlCreateMaterializedView(
            SqlParserPos pos,
            boolean ifNotExists,
            SqlIdentifier name,
            SqlNodeList columnNames,
            SqlNode query,
            SqlEmit emit) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.columnNames = columnNames;
        this.query = requireNonNull(query, "query is null");
        this.emit = emit;
    }

    public SqlIdentifier name() {
        return name;
    }

    public Optional<SqlNodeList> columnNames() {
        return Optional.ofNullable(columnNames);
    }

    public SqlNode query() {
        return query;
    }

    public Optional<SqlEmit> emit() {
        return Optional.ofNullable(emit);
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(
                Unparsing.flag(ifNotExists), name, columnNames, query, emit);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE MATERIALIZED VIEW");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (columnNames != null) {
            Unparsing.parenthesized(writer, columnNames.getList());
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
        if (emit != null) {
            emit.unparse(writer, 0, 0);
        }
    }
}
