package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses field text into values of a physical type, as DIALECT.md writes them: timestamps {@code
 * yyyy-MM-dd HH:mm:ss[.SSS]} (a {@code T} for the space is accepted too), dates {@code yyyy-MM-dd},
 * times {@code HH:mm:ss[.SSS]}, numbers as plain literals, booleans {@code true}/{@code false}.
 * Anything else is malformed: an {@link IllegalArgumentException} naming the problem, never a
 * guessed value (so no lenient dates: February 30 is an error, not March 2).
 */
public final class TextValues {
    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);

    private TextValues() {}

    public static Object parse(String text, ValueType type) {
        String t = text.strip();
        try {
            return switch (type) {
                case BOOLEAN -> bool(t);
                case TINYINT -> Byte.parseByte(t);
                case SMALLINT -> Short.parseShort(t);
                case INTEGER -> Integer.parseInt(t);
                case BIGINT -> Long.parseLong(t);
                case DECIMAL -> new BigDecimal(plainNumber(t));
                case REAL -> finite(Float.parseFloat(plainNumber(t)), t);
                case DOUBLE -> finite(Double.parseDouble(plainNumber(t)), t);
                case VARCHAR -> text;
                case DATE -> (int) LocalDate.parse(t).toEpochDay();
                case TIME -> (int) (LocalTime.parse(t).toNanoOfDay() / 1_000_000);
                case TIMESTAMP -> timestamp(t);
                case INTERVAL_DAY_TIME -> Long.parseLong(t);
                case INTERVAL_YEAR_MONTH -> Integer.parseInt(t);
            };
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(t) + "' is not a valid " + type.name(), e);
        }
    }

    /**
     * {@link #parse} for {@code column}, named in the message of a malformed value. A DECIMAL is
     * brought to the column's declared scale (rounded half up, as a cast to the column's type
     * rounds), so that {@code 12.5} and {@code 12.50} are one value; one with more digits than the
     * declared precision is malformed, never truncated.
     */
    static Object parse(String text, SourceSchema.Column column) {
        try {
            Object value = parse(text, column.type());
            return value instanceof BigDecimal d ? toDeclaredScale(d, column) : value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "column '" + column.name() + "': " + e.getMessage(), e);
        }
    }

    private static BigDecimal toDeclaredScale(BigDecimal value, SourceSchema.Column column) {
        if (column.scale() < 0) {
            return value;
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(column.scale(), RoundingMode.HALF_UP);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(value.toPlainString()) + "' is out of range", e);
        }
        if (column.precision() > 0 && scaled.precision() > column.precision()) {
            throw new IllegalArgumentException(
                    "'"
                            + abbreviate(value.toPlainString())
                            + "' does not fit DECIMAL("
                            + column.precision()
                            + ", "
                            + column.scale()
                            + ")");
        }
        return scaled;
    }

    private static Boolean bool(String t) {
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("'" + abbreviate(t) + "' is not a boolean");
    }

    /**
     * The text if it is a plain decimal literal ({@code -12.5e3}); Java's parsers would also take
     * hexadecimal, type suffixes ({@code 1d}), NaN and Infinity, none of which a file should mean.
     */
    private static String plainNumber(String t) {
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits > 0 && i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                digits = 0;
            }
        }
        if (digits == 0 || i != n) {
            throw new NumberFormatException("not a plain number");
        }
        return t;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static <T extends Number> T finite(T value, String text) {
        if (Double.isInfinite(value.doubleValue())) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is out of range");
        }
        return value;
    }

    /** Milliseconds since the epoch of a zone-less timestamp; digits past milliseconds are cut. */
    public static long timestamp(String text) {
        String t = text.length() > 10 && text.charAt(10) == 'T' ? text.replace('T', ' ') : text;
        LocalDateTime time = LocalDateTime.parse(t, TIMESTAMP);
        return time.toEpochSecond(ZoneOffset.UTC) * 1000 + time.getNano() / 1_000_000;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
