package dev.weir.executor.operator.aggregate;

import dev.weir.common.type.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Arithmetic on aggregate values in their physical types. */
final class Numbers {
    /** The most digits a DECIMAL has, as in Flink SQL (the planner's type system says the same). */
    private static final int MAX_DECIMAL_DIGITS = 38;

    private Numbers() {}

    /** The type sums of {@code argument} are kept in: Long, BigDecimal or Double. */
    static ValueType sumType(ValueType argument) {
        return switch (argument) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH ->
                    ValueType.BIGINT;
            case DECIMAL -> ValueType.DECIMAL;
            case REAL, DOUBLE -> ValueType.DOUBLE;
            default -> throw new IllegalArgumentException("cannot sum values of type " + argument);
        };
    }

    static Object zero(ValueType sumType) {
        return switch (sumType) {
            case BIGINT -> 0L;
            case DECIMAL -> BigDecimal.ZERO;
            default -> 0.0d;
        };
    }

    static Object add(Object sum, Object value, ValueType sumType) {
        return switch (sumType) {
            case BIGINT -> Math.addExact((Long) sum, ((Number) value).longValue());
            case DECIMAL -> ((BigDecimal) sum).add((BigDecimal) value);
            default -> (Double) sum + ((Number) value).doubleValue();
        };
    }

    static Object subtract(Object sum, Object value, ValueType sumType) {
        return switch (sumType) {
            case BIGINT -> Math.subtractExact((Long) sum, ((Number) value).longValue());
            case DECIMAL -> ((BigDecimal) sum).subtract((BigDecimal) value);
            default -> (Double) sum - ((Number) value).doubleValue();
        };
    }

    /**
     * {@code value} as the Java class of {@code type}.
     *
     * @throws ArithmeticException when an integer does not fit {@code type}, or a DECIMAL has more
     *     than 38 digits at {@code scale}: a sum out of its type's range is an error, never wrapped
     */
    static Object convert(Object value, ValueType type, int scale) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TINYINT -> (byte) fit(value, Byte.MIN_VALUE, Byte.MAX_VALUE, type);
            case SMALLINT -> (short) fit(value, Short.MIN_VALUE, Short.MAX_VALUE, type);
            case INTEGER, INTERVAL_YEAR_MONTH ->
                    (int) fit(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case DATE, TIME -> ((Number) value).intValue();
            case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> ((Number) value).longValue();
            case REAL -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> {
                BigDecimal d =
                        value instanceof BigDecimal b
                                ? b
                                : value instanceof Double || value instanceof Float
                                        ? BigDecimal.valueOf(((Number) value).doubleValue())
                                        : BigDecimal.valueOf(((Number) value).longValue());
                BigDecimal scaled = scale >= 0 ? d.setScale(scale, RoundingMode.HALF_UP) : d;
                if (scaled.precision() > MAX_DECIMAL_DIGITS) {
                    throw new ArithmeticException(
                            "a DECIMAL of more than " + MAX_DECIMAL_DIGITS + " digits");
                }
                yield scaled;
            }
            default -> value;
        };
    }

    private static long fit(Object value, long min, long max, ValueType type) {
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).longValue();
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw new ArithmeticException(v + " does not fit " + type);
        }
        return v;
    }

    /** {@code sum / count} as {@code type}: integer division truncates, as Calcite's AVG does. */
    static Object average(Object sum, long count, ValueType type, int scale) {
        return switch (type) {
            case DECIMAL -> {
                BigDecimal s =
                        sum instanceof BigDecimal b
                                ? b
                                : BigDecimal.valueOf(((Number) sum).longValue());
                yield s.divide(BigDecimal.valueOf(count), Math.max(scale, 0), RoundingMode.HALF_UP);
            }
            case REAL, DOUBLE -> convert(((Number) sum).doubleValue() / count, type, scale);
            default -> convert(((Number) sum).longValue() / count, type, scale);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }
}
