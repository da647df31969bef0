package dev.weir.planner.prepare;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.WeirTypeSystem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * A parameter's value as a SQL literal of the parameter's type: {@code CAST(literal AS type)}, so
 * that the statement types exactly as prepared. A value that the type cannot hold (a string that is
 * not a number for a BIGINT, a number too large for its DECIMAL) is refused here, at the marker's
 * position, as a DATA_EXCEPTION (SQLSTATE 22000) rather than left to fail later.
 */
final class ParameterLiterals {
    private static final JavaTypeFactoryImpl TYPES =
            new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);

    private ParameterLiterals() {}

    /**
     * @param number the parameter's number, from 1, for messages
     * @param rowCount an OFFSET or FETCH count: a bare non-negative whole number
     */
    static SqlNode literal(
            Object value, ColumnDef type, int number, SqlParserPos pos, boolean rowCount) {
        if (rowCount) {
            BigDecimal n = value == null ? null : number(value, type, number, pos);
            if (n == null || n.signum() < 0 || !isWhole(n)) {
                throw wrong(number, pos, "must be a whole number of rows, 0 or more");
            }
            return SqlLiteral.createExactNumeric(n.toBigInteger().toString(), pos);
        }
        SqlNode literal = value == null ? SqlLiteral.createNull(pos) : of(value, type, number, pos);
        return SqlStdOperatorTable.CAST.createCall(
                pos, literal, SqlTypeUtil.convertTypeToSpec(CatalogSchema.typeOf(type, TYPES)));
    }

    private static SqlNode of(Object value, ColumnDef type, int number, SqlParserPos pos) {
        SqlTypeName name = SqlTypeName.valueOf(type.typeName());
        return switch (name) {
            case BOOLEAN -> SqlLiteral.createBoolean(bool(value, number, pos), pos);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> {
                BigDecimal n = number(value, type, number, pos);
                if (!isWhole(n)) {
                    throw wrong(number, pos, "must be a whole number for " + name);
                }
                BigInteger whole = n.toBigInteger();
                if (whole.bitLength() >= bits(name)) {
                    throw wrong(number, pos, "is out of the range of " + name);
                }
                yield SqlLiteral.createExactNumeric(whole.toString(), pos);
            }
            case DECIMAL -> {
                BigDecimal n = number(value, type, number, pos);
                int precision = type.precision() > 0 ? type.precision() : 19;
                int scale = Math.max(type.scale(), 0);
                BigDecimal rounded = n.setScale(scale, RoundingMode.HALF_UP);
                if (rounded.precision() - rounded.scale() > precision - scale) {
                    throw wrong(
                            number,
                            pos,
                            "is out of the range of DECIMAL(" + precision + ", " + scale + ")");
                }
                yield SqlLiteral.createExactNumeric(n.toPlainString(), pos);
            }
            case REAL, FLOAT, DOUBLE -> {
                double d = number(value, type, number, pos).doubleValue();
                yield SqlLiteral.createApproxNumeric(BigDecimal.valueOf(d).toString(), pos);
            }
            case CHAR, VARCHAR -> SqlLiteral.createCharString(text(value), pos);
            case DATE -> SqlLiteral.createDate(date(value, number, pos), pos);
            case TIME -> SqlLiteral.createTime(time(value, number, pos), precision(type), pos);
            case TIMESTAMP ->
                    SqlLiteral.createTimestamp(
                            SqlTypeName.TIMESTAMP,
                            timestamp(value, number, pos).round(precision(type)),
                            precision(type),
                            pos);
            default ->
                    throw new WeirException(
                            ErrorCode.NOT_SUPPORTED,
                            Optional.of(Positions.of(pos)),
                            "Parameters of type " + name + " are not supported yet.");
        };
    }

    private static int precision(ColumnDef type) {
        return type.precision() >= 0 ? Math.min(type.precision(), 3) : 3;
    }

    private static int bits(SqlTypeName name) {
        return switch (name) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case INTEGER -> 32;
            default -> 64;
        };
    }

    private static boolean isWhole(BigDecimal n) {
        return n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
    }

    private static boolean bool(Object value, int number, SqlParserPos pos) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw wrong(number, pos, "must be TRUE or FALSE");
    }

    private static BigDecimal number(Object value, ColumnDef type, int number, SqlParserPos pos) {
        try {
            if (value instanceof BigDecimal d) {
                return d;
            }
            if (value instanceof Long
                    || value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte) {
                return BigDecimal.valueOf(((Number) value).longValue());
            }
            if (value instanceof BigInteger i) {
                return new BigDecimal(i);
            }
            if (value instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw wrong(number, pos, "is not a finite number");
                }
                return BigDecimal.valueOf(d);
            }
            if (value instanceof String s) {
                return new BigDecimal(s.strip());
            }
        } catch (NumberFormatException e) {
            // a string that is not a number: said below
        }
        throw wrong(number, pos, "must be a number for " + type.typeName());
    }

    /** Any value as text, as a string parameter's value (a date-time in SQL's format). */
    private static String text(Object value) {
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate() + " " + t.toLocalTime();
        }
        return String.valueOf(value);
    }

    private static DateString date(Object value, int number, SqlParserPos pos) {
        try {
            if (value instanceof LocalDate d) {
                return new DateString(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            }
            if (value instanceof String s) {
                return new DateString(s.strip());
            }
        } catch (IllegalArgumentException e) {
            // not a date: said below
        }
        throw wrong(number, pos, "must be a DATE ('yyyy-MM-dd')");
    }

    private static TimeString time(Object value, int number, SqlParserPos pos) {
        try {
            if (value instanceof LocalTime t) {
                return new TimeString(t.getHour(), t.getMinute(), t.getSecond())
                        .withNanos(t.getNano());
            }
            if (value instanceof String s) {
                return new TimeString(s.strip());
            }
        } catch (IllegalArgumentException e) {
            // not a time: said below
        }
        throw wrong(number, pos, "must be a TIME ('HH:mm:ss')");
    }

    private static TimestampString timestamp(Object value, int number, SqlParserPos pos) {
        try {
            if (value instanceof LocalDateTime t) {
                return new TimestampString(
                                t.getYear(),
                                t.getMonthValue(),
                                t.getDayOfMonth(),
                                t.getHour(),
                                t.getMinute(),
                                t.getSecond())
                        .withNanos(t.getNano());
            }
            if (value instanceof LocalDate d) {
                return new TimestampString(
                        d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 0, 0, 0);
            }
            if (value instanceof String s) {
                return new TimestampString(s.strip().replace('T', ' '));
            }
        } catch (IllegalArgumentException e) {
            // not a timestamp: said below
        }
        throw wrong(number, pos, "must be a TIMESTAMP ('yyyy-MM-dd HH:mm:ss[.SSS]')");
    }

    private static WeirException wrong(int number, SqlParserPos pos, String what) {
        return new WeirException(
                ErrorCode.DATA_EXCEPTION,
                Optional.of(Positions.of(pos)),
                "Parameter " + number + " " + what + ".");
    }
}
