package dev.weir.server.avatica;

import dev.weir.common.type.ValueType;
import dev.weir.server.engine.ResultColumn;
import java.sql.Types;
import org.apache.calcite.avatica.ColumnMetaData;

/** How Weir's types look to JDBC clients. */
final class JdbcTypes {
    private JdbcTypes() {}

    static int sqlType(ValueType type) {
        return switch (type) {
            case BOOLEAN -> Types.BOOLEAN;
            case TINYINT -> Types.TINYINT;
            case SMALLINT -> Types.SMALLINT;
            case INTEGER, INTERVAL_YEAR_MONTH -> Types.INTEGER;
            case BIGINT, INTERVAL_DAY_TIME -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case REAL -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case VARCHAR -> Types.VARCHAR;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
        };
    }

    /**
     * The representation of values on the wire: Calcite's internal one. Timestamps travel as
     * milliseconds (LONG) and dates and times as numbers (INTEGER), which Avatica's client turns
     * into java.sql values with its "FromNumber" accessors.
     */
    static ColumnMetaData.Rep rep(ValueType type) {
        return switch (type) {
            case BOOLEAN -> ColumnMetaData.Rep.BOOLEAN;
            case TINYINT -> ColumnMetaData.Rep.BYTE;
            case SMALLINT -> ColumnMetaData.Rep.SHORT;
            case INTEGER, INTERVAL_YEAR_MONTH -> ColumnMetaData.Rep.INTEGER;
            case BIGINT, INTERVAL_DAY_TIME -> ColumnMetaData.Rep.LONG;
            case DECIMAL -> ColumnMetaData.Rep.NUMBER;
            case REAL -> ColumnMetaData.Rep.FLOAT;
            case DOUBLE -> ColumnMetaData.Rep.DOUBLE;
            case VARCHAR -> ColumnMetaData.Rep.STRING;
            case DATE, TIME -> ColumnMetaData.Rep.INTEGER;
            case TIMESTAMP -> ColumnMetaData.Rep.LONG;
        };
    }

    static String className(ValueType type) {
        return switch (type) {
            case DATE -> java.sql.Date.class.getName();
            case TIME -> java.sql.Time.class.getName();
            case TIMESTAMP -> java.sql.Timestamp.class.getName();
            default -> type.javaClass().getName();
        };
    }

    /** Display size: how many characters the widest value takes. */
    static int displaySize(ResultColumn column) {
        return switch (column.type()) {
            case BOOLEAN -> 5;
            case TINYINT -> 4;
            case SMALLINT -> 6;
            case INTEGER, INTERVAL_YEAR_MONTH -> 11;
            case BIGINT, INTERVAL_DAY_TIME -> 20;
            case DECIMAL -> column.precision() > 0 ? column.precision() + 2 : 40;
            case REAL -> 14;
            case DOUBLE -> 24;
            case VARCHAR -> column.precision() > 0 ? column.precision() : 65_536;
            case DATE -> 10;
            case TIME -> 12;
            case TIMESTAMP -> 23;
        };
    }

    static ColumnMetaData column(int ordinal, ResultColumn column) {
        ColumnMetaData.AvaticaType type =
                ColumnMetaData.scalar(sqlType(column.type()), column.sqlType(), rep(column.type()));
        return new ColumnMetaData(
                ordinal,
                false,
                true,
                false,
                false,
                column.nullable()
                        ? java.sql.ResultSetMetaData.columnNullable
                        : java.sql.ResultSetMetaData.columnNoNulls,
                column.type().isNumeric(),
                displaySize(column),
                column.name(),
                column.name(),
                "weir",
                Math.max(column.precision(), 0),
                Math.max(column.scale(), 0),
                "",
                "weir",
                type,
                true,
                false,
                false,
                className(column.type()));
    }
}
