package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.parser.ddl.ShowKind;
import dev.weir.parser.ddl.SqlShow;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.SystemTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The {@code sys} schema: one table per SHOW statement ({@code sys.queries} is {@code SHOW
 * QUERIES}, {@code sys.materialized_views} is {@code SHOW MATERIALIZED VIEWS}, ...), so BI tools
 * that browse schemas find the server's own state, and SQL can filter, join and aggregate it. Each
 * read runs the SHOW and returns its rows as of then.
 */
final class SystemTables {
    private final Function<SqlShow, StatementResult.Rows> show;

    /**
     * @param show runs a SHOW statement, as the engine does
     */
    SystemTables(Function<SqlShow, StatementResult.Rows> show) {
        this.show = show;
    }

    /** The tables, with the columns their SHOW gives. */
    List<SystemTable> declare() {
        List<SystemTable> tables = new ArrayList<>();
        for (ShowKind kind : ShowKind.values()) {
            List<ColumnDef> columns = new ArrayList<>();
            for (ResultColumn column : run(kind).columns()) {
                columns.add(
                        new ColumnDef(
                                column.name(),
                                column.sqlType(),
                                column.precision(),
                                column.scale(),
                                true));
            }
            tables.add(new SystemTable(tableName(kind), columns));
        }
        return tables;
    }

    /** The rows of the table {@code name} now, as the executor holds values. */
    List<Row> rows(String name) {
        ShowKind kind = ShowKind.valueOf(name.toUpperCase(Locale.ROOT));
        StatementResult.Rows result = run(kind);
        List<Row> rows = new ArrayList<>();
        for (Object[] values : result.rows()) {
            Object[] row = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                row[i] = internal(values[i], result.columns().get(i).type());
            }
            rows.add(Row.wrap(row));
        }
        return rows;
    }

    private StatementResult.Rows run(ShowKind kind) {
        return show.apply(new SqlShow(SqlParserPos.ZERO, kind, null));
    }

    private static Object internal(Object value, ValueType type) {
        if (value instanceof Number n && type == ValueType.BIGINT) {
            return n.longValue();
        }
        return value;
    }

    private static String tableName(ShowKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
