package dev.weir.common.type;

/**
 * The physical type of a field as the executor sees it: which Java class carries its values (see
 * {@link dev.weir.common.row.Row}). SQL types map onto these; precision, scale and nullability live
 * in the planner's types, not here.
 */
public enum ValueType {
    BOOLEAN(Boolean.class),
    TINYINT(Byte.class),
    SMALLINT(Short.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    DECIMAL(java.math.BigDecimal.class),
    REAL(Float.class),
    DOUBLE(Double.class),
    VARCHAR(String.class),
    /** Days since 1970-01-01. */
    DATE(Integer.class),
    /** Milliseconds of the day. */
    TIME(Integer.class),
    /** Milliseconds since 1970-01-01 00:00:00, zone-less. */
    TIMESTAMP(Long.class),
    /** Milliseconds. */
    INTERVAL_DAY_TIME(Long.class),
    /** Months. */
    INTERVAL_YEAR_MONTH(Integer.class);

    private final Class<?> javaClass;

    ValueType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class of non-null values of this type. */
    public Class<?> javaClass() {
        return javaClass;
    }

    public boolean isNumeric() {
        return switch (this) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> true;
            case BOOLEAN, VARCHAR, DATE, TIME, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH ->
                    false;
        };
    }
}
