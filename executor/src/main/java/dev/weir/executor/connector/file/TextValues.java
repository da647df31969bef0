package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses field text into values of a physical type, as DIALECT.md writes them: timestamps {@code
 * yyyy-MM-dd HH:mm:ss[.SSS]}, dates {@code yyyy-MM-dd}, numbers as plain literals, booleans {@code
 * true}/{@code false}. Anything else is malformed: an {@link IllegalArgumentException} naming the
 * problem, never a guessed value.
 */
public final class TextValues {
    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd")
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .appendPattern("HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT);

    private TextValues() {}

    public static Object parse(String text, ValueType type) {
        String t = text.strip();
        try {
            return switch (type) {
                case BOOLEAN -> {
                    if (t.equalsIgnoreCase("true")) {
                        yield Boolean.TRUE;
                    }
                    if (t.equalsIgnoreCase("false")) {
                        yield Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("'" + t + "' is not a boolean");
                }
                case TINYINT -> Byte.parseByte(t);
                case SMALLINT -> Short.parseShort(t);
                case INTEGER -> Integer.parseInt(t);
                case BIGINT -> Long.parseLong(t);
                case DECIMAL -> new BigDecimal(t);
                case REAL -> Float.parseFloat(t);
                case DOUBLE -> Double.parseDouble(t);
                case VARCHAR -> text;
                case DATE -> (int) LocalDate.parse(t).toEpochDay();
                case TIME -> (int) (LocalTime.parse(t).toNanoOfDay() / 1_000_000);
                case TIMESTAMP -> timestamp(t);
                case INTERVAL_DAY_TIME -> Long.parseLong(t);
                case INTERVAL_YEAR_MONTH -> Integer.parseInt(t);
            };
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(t) + "' is not a valid " + type.name(), e);
        }
    }

    /** Milliseconds since the epoch of a zone-less timestamp. */
    public static long timestamp(String text) {
        LocalDateTime time = LocalDateTime.parse(text, TIMESTAMP);
        return time.toEpochSecond(ZoneOffset.UTC) * 1000 + time.getNano() / 1_000_000;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
