package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes values as DIALECT.md spells them, the inverse of {@link TextValues}: timestamps {@code
 * yyyy-MM-dd HH:mm:ss.SSS}, dates {@code yyyy-MM-dd}, times {@code HH:mm:ss.SSS}, numbers as plain
 * literals, booleans {@code true}/{@code false}.
 */
final class TextFormats {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private TextFormats() {}

    /** The text of a non-null value of {@code type}. */
    static String format(Object value, ValueType type, String column) {
        return switch (type) {
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case REAL, DOUBLE -> finite(((Number) value).doubleValue(), value, column);
            case DATE -> LocalDate.ofEpochDay(((Number) value).longValue()).toString();
            case TIME ->
                    LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000).format(TIME);
            case TIMESTAMP -> timestamp(((Number) value).longValue());
            case BOOLEAN,
                    TINYINT,
                    SMALLINT,
                    INTEGER,
                    BIGINT,
                    VARCHAR,
                    INTERVAL_DAY_TIME,
                    INTERVAL_YEAR_MONTH ->
                    value.toString();
        };
    }

    static String timestamp(long millis) {
        return LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000),
                        (int) Math.floorMod(millis, 1000) * 1_000_000,
                        ZoneOffset.UTC)
                .format(TIMESTAMP);
    }

    private static String finite(double d, Object value, String column) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(
                    "column '" + column + "': " + value + " cannot be written as a plain number");
        }
        return value.toString();
    }
}
