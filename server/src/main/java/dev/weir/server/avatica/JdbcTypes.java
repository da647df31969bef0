package dev.weir.server.avatica;

import dev.weir.common.type.ValueType;
import dev.weir.engine.ResultColumn;
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

    /**
     * JDBC's precision (COLUMN_SIZE, ResultSetMetaData.getPrecision): digits of a number, length of
     * a string, and for dates and times the length of their text, e.g. 23 for TIMESTAMP(3) ({@code
     * 2026-01-01 08:11:00.000}).
     */
    static int columnSize(ResultColumn column) {
        return switch (column.type()) {
            case BOOLEAN -> 1;
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER, INTERVAL_YEAR_MONTH -> 10;
            case BIGINT, INTERVAL_DAY_TIME -> 19;
            case DECIMAL -> column.precision() > 0 ? column.precision() : 19;
            case REAL -> 7;
            case DOUBLE -> 15;
            case VARCHAR -> column.precision() > 0 ? column.precision() : 65_536;
            case DATE -> 10;
            case TIME -> 8 + fraction(fractionDigits(column));
            case TIMESTAMP -> 19 + fraction(fractionDigits(column));
        };
    }

    /**
     * JDBC's scale (DECIMAL_DIGITS, ResultSetMetaData.getScale): digits after the point of a
     * decimal, fractional-second digits of a time or timestamp; 0 for everything else.
     */
    static int decimalDigits(ResultColumn column) {
        return switch (column.type()) {
            case DECIMAL -> Math.max(column.scale(), 0);
            case TIME, TIMESTAMP -> fractionDigits(column);
            default -> 0;
        };
    }

    /** Times are kept to the millisecond: an unstated precision is 0, more than 3 is cut to 3. */
    private static int fractionDigits(ResultColumn column) {
        return Math.min(Math.max(column.precision(), 0), 3);
    }

    private static int fraction(int digits) {
        return digits == 0 ? 0 : digits + 1;
    }

    /** Display size: how many characters the widest value takes. */
    static int displaySize(ResultColumn column) {
        return switch (column.type()) {
            case BOOLEAN -> 5;
            case TINYINT, SMALLINT, INTEGER, BIGINT, INTERVAL_YEAR_MONTH, INTERVAL_DAY_TIME ->
                    columnSize(column) + 1; // a sign
            case DECIMAL -> columnSize(column) + 2; // a sign and a point
            case REAL -> 14;
            case DOUBLE -> 24;
            case VARCHAR, DATE, TIME, TIMESTAMP -> columnSize(column);
        };
    }

    /**
     * The type's name alone, without precision or scale, where JDBC asks for a name to look up
     * (getTypeInfo's TYPE_NAME, ParameterMetaData.getParameterTypeName): {@code TIMESTAMP}, not
     * {@code TIMESTAMP(3)}.
     */
    static String bareTypeName(ValueType type) {
        return switch (type) {
            case INTERVAL_YEAR_MONTH -> "INTERVAL YEAR TO MONTH";
            case INTERVAL_DAY_TIME -> "INTERVAL DAY TO SECOND";
            default -> type.name();
        };
    }

    /**
     * A result column's metadata. A column that reads a table's column unchanged names that table,
     * its schema and catalog, and the column's own name (getColumnName; the label is the alias);
     * any other column names none of them ("", as JDBC says for "not applicable").
     */
    static ColumnMetaData column(
            int ordinal,
            ResultColumn column,
            java.util.Optional<dev.weir.planner.prepare.StatementDescription.ColumnOrigin> origin) {
        ColumnMetaData.AvaticaType type =
                ColumnMetaData.scalar(
                        sqlType(column.type()), bareTypeName(column.type()), rep(column.type()));
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
                origin.map(o -> o.column()).orElse(column.name()),
                origin.map(o -> o.schema()).orElse(""),
                // Avatica's client prints a time or timestamp (getString) with as many fractional
                // digits as the precision says, as Calcite's driver sends it: the fraction's
                // digits.
                column.type() == ValueType.TIME || column.type() == ValueType.TIMESTAMP
                        ? decimalDigits(column)
                        : columnSize(column),
                decimalDigits(column),
                origin.map(o -> o.table()).orElse(""),
                origin.map(o -> o.catalog()).orElse(""),
                type,
                true,
                false,
                false,
                className(column.type()));
    }
}
