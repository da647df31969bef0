package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (column, ..., PRIMARY KEY (k, ...)) [WITH (...)]}: a
 * keyed, updatable relation.
 */
public final class SqlCreateTable extends SqlCreate {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNodeList primaryKey;
    private final SqlNodeList options;

    public SqlCreateTable(
            SqlParserPos pos,
            boolean ifNotExists,
            SqlIdentifier name,
            SqlNodeList columns,
            SqlNodeList primaryKey,
            SqlNodeList options) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.columns = requireNonNull(columns, "columns is null");
        this.primaryKey = requireNonNull(primaryKey, "primaryKey is null");
        this.options = requireNonNull(options, "options is null");
    }

    public SqlIdentifier name() {
        return name;
    }

    public List<SqlColumn> columns() {
        List<SqlColumn> result = new ArrayList<>();
        columns.forEach(c -> result.add((SqlColumn) c));
        return result;
    }

    /** The primary key's column names, in key order; empty for a table without a key. */
    public List<String> primaryKey() {
        List<String> result = new ArrayList<>();
        primaryKey.forEach(k -> result.add(((SqlIdentifier) k).getSimple()));
        return result;
    }

    public List<SqlTableOption> options() {
        List<SqlTableOption> result = new ArrayList<>();
        options.forEach(o -> result.add((SqlTableOption) o));
        return result;
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(Unparsing.flag(ifNotExists), name, columns, primaryKey, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode column : columns) {
            writer.sep(",");
            column.unparse(writer, 0, 0);
        }
        if (!primaryKey.isEmpty()) {
            writer.sep(",");
            writer.keyword("PRIMARY KEY");
            Unparsing.parenthesized(writer, primaryKey.getList());
        }
        writer.endList(frame);
        Unparsing.tableOptions(writer, options);
    }
}
