package dev.weir.sqltests.oracle;

/**
 * A scalar expression rendered twice: in Weir's dialect and as the DuckDB expression that computes
 * the same value under the dialect's rules (Calcite's, then Flink's).
 *
 * @param scale for a DECIMAL, the scale Calcite gives it (the reference rounds AVG to it); -1
 *     otherwise
 * @param aggregate whether it contains an aggregate call (so it belongs in SELECT or HAVING of a
 *     grouped query)
 */
record Expr(String weir, String duck, Type type, int scale, boolean aggregate) {
    /** The value types the generator builds expressions of. */
    enum Type {
        INT,
        DECIMAL,
        DOUBLE,
        VARCHAR,
        /** Calcite's CHAR(n), blank-padded: a CASE over string literals has this type. */
        CHAR,
        BOOLEAN,
        TIMESTAMP,
        DATE;

        boolean isNumeric() {
            return this == INT || this == DECIMAL || this == DOUBLE;
        }

        boolean isString() {
            return this == VARCHAR || this == CHAR;
        }
    }

    static Expr of(String weir, String duck, Type type) {
        return new Expr(weir, duck, type, type == Type.DECIMAL ? 0 : -1, false);
    }

    static Expr decimal(String weir, String duck, int scale) {
        return new Expr(weir, duck, Type.DECIMAL, scale, false);
    }

    /** The same expression in both dialects. */
    static Expr same(String sql, Type type) {
        return of(sql, sql, type);
    }

    Expr asAggregate() {
        return new Expr(weir, duck, type, scale, true);
    }

    Expr withType(Type newType, int newScale) {
        return new Expr(weir, duck, newType, newScale, aggregate);
    }

    /**
     * The DuckDB expression as a result column: timestamps as epoch milliseconds and dates as days
     * since the epoch, which is how Weir hands them out, so that the comparison is of numbers, not
     * of two engines' string formats or of the JVM's time zone.
     */
    String duckOutput() {
        return switch (type) {
            case TIMESTAMP -> "epoch_ms(" + duck + ")";
            case DATE -> "(" + duck + " - DATE '1970-01-01')";
            default -> duck;
        };
    }
}
