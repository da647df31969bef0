package dev.weir.sqltests.oracle;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Values as SQL literals, in both dialects (they agree on every literal used here). */
final class Literals {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private Literals() {}

    static String timestamp(long millis) {
        return "TIMESTAMP '" + MILLIS.format(Instant.ofEpochMilli(millis)) + "'";
    }

    static String string(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Milliseconds as an interval's seconds: {@code 1500} is {@code 1.5}. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    static String interval(long millis) {
        return "INTERVAL '" + seconds(millis) + "' SECOND";
    }

    /**
     * A value of {@code type}. A DECIMAL keeps the scale it was generated with ({@code 12.5} or
     * {@code 12.50}): the column's type must make them one value.
     */
    static String value(Object v, Expr.Type type) {
        if (v == null) {
            return "NULL";
        }
        return switch (type) {
            case INT -> v.toString();
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            // A DOUBLE literal in both dialects (a plain 1.25 would be a DECIMAL).
            case DOUBLE -> BigDecimal.valueOf((Double) v).toPlainString() + "E0";
            case VARCHAR, CHAR -> string((String) v);
            case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
            case TIMESTAMP -> timestamp((Long) v);
            case DATE -> throw new IllegalArgumentException("no DATE columns are generated");
        };
    }
}
