package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
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
 * {@code CREATE STREAM [IF NOT EXISTS] name (column, ... [, WATERMARK FOR c AS expr]) [WITH
 * (...)]}: an append-only, unbounded relation, internal or read through a connector.
 */
public final class SqlCreateStream extends SqlCreate {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CREATE STREAM", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlWatermark watermark;
    private final SqlNodeList options;

    public SqlCreateStream(
            SqlParserPos pos,
            boolean ifNotExists,
            SqlIdentifier name,
            SqlNodeList columns,
            SqlWatermark watermark,
            SqlNodeList options) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.columns = requireNonNull(columns, "columns is null");
        this.watermark = watermark;
        this.options = requireNonNull(options, "options is null");
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The stored columns, in order (without the processing-time attribute). */
    public List<SqlColumn> columns() {
        List<SqlColumn> result = new ArrayList<>();
        columns.forEach(
                c -> {
                    if (c instanceof SqlColumn column) {
                        result.add(column);
                    }
                });
        return result;
    }

    /** The processing-time attribute ({@code name AS PROCTIME()}), if declared. */
    public Optional<SqlProcTimeColumn> procTime() {
        return columns.stream()
                .filter(c -> c instanceof SqlProcTimeColumn)
                .map(c -> (SqlProcTimeColumn) c)
                .findFirst();
    }

    /** Where the processing-time attribute stands among the columns as declared, or -1. */
    public int procTimePosition() {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) instanceof SqlProcTimeColumn) {
                return i;
            }
        }
        return -1;
    }

    public Optional<SqlWatermark> watermark() {
        return Optional.ofNullable(watermark);
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
        return ImmutableNullableList.of(
                Unparsing.flag(ifNotExists), name, columns, watermark, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE STREAM");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        List<SqlNode> elements = new ArrayList<>(columns.getList());
        if (watermark != null) {
            elements.add(watermark);
        }
        Unparsing.parenthesized(writer, elements);
        Unparsing.tableOptions(writer, options);
    }
}
