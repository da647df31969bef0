package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Parses field text into values of a physical type, as DIALECT.md writes them: timestamps {@code
 * yyyy-MM-dd HH:mm:ss[.SSS]} (a {@code T} for the space is accepted too), dates {@code yyyy-MM-dd},
 * times {@code HH:mm:ss[.SSS]}, numbers as plain literals, booleans {@code true}/{@code false};
 * surrounding whitespace is ignored but in text. Anything else is malformed: an {@link
 * IllegalArgumentException} naming the problem, never a guessed value (so no lenient dates:
 * February 30 is an error, not March 2).
 *
 * <p>Text is parsed straight from its UTF-8 bytes ({@link NumberText}, {@link DateTimeText}). The
 * rare field with other than ASCII in it goes through {@link UnicodeValues}, which accepts what
 * Java's parsers accept beyond ASCII (other scripts' digits in an integer, Unicode spaces around a
 * value).
 */
public final class TextValues {
    private TextValues() {}

    public static Object parse(String text, ValueType type) {
        if (type == ValueType.VARCHAR) {
            return text;
        }
        if (!isAscii(text)) {
            return UnicodeValues.parse(text, type);
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parseTyped(bytes, 0, bytes.length, type);
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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

    /**
     * The value of the UTF-8 text in {@code b[from, to)}, with the column named in the message of a
     * malformed value.
     */
    static Object parse(byte[] b, int from, int to, SourceSchema.Column column) {
        if (column.type() == ValueType.VARCHAR) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        try {
            Object value = parseTyped(b, from, to, column.type());
            return value instanceof BigDecimal d ? toDeclaredScale(d, column) : value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "column '" + column.name() + "': " + e.getMessage(), e);
        }
    }

    private static Object parseTyped(byte[] b, int from, int to, ValueType type) {
        int start = from;
        int end = to;
        while (start < end && isAsciiSpace(b[start])) {
            start++;
        }
        while (end > start && isAsciiSpace(b[end - 1])) {
            end--;
        }
        try {
            return ascii(b, start, end, type);
        } catch (MalformedText e) {
            for (int i = start; i < end; i++) {
                if (b[i] < 0) {
                    return UnicodeValues.parse(
                            new String(b, from, to - from, StandardCharsets.UTF_8), type);
                }
            }
            throw problem(e, new String(b, start, end - start, StandardCharsets.ISO_8859_1), type);
        }
    }

    /** The value of ASCII text in {@code b[from, to)}, without surrounding whitespace. */
    static Object ascii(byte[] b, int from, int to, ValueType type) {
        return switch (type) {
            case BOOLEAN -> bool(b, from, to);
            case TINYINT -> (byte) NumberText.integer(b, from, to, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT ->
                    (short) NumberText.integer(b, from, to, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER, INTERVAL_YEAR_MONTH ->
                    (int) NumberText.integer(b, from, to, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT, INTERVAL_DAY_TIME ->
                    NumberText.integer(b, from, to, Long.MIN_VALUE, Long.MAX_VALUE);
            case DECIMAL -> NumberText.decimal(b, from, to);
            case REAL -> NumberText.toFloat(b, from, to);
            case DOUBLE -> NumberText.toDouble(b, from, to);
            case DATE -> DateTimeText.date(b, from, to);
            case TIME -> DateTimeText.time(b, from, to);
            case TIMESTAMP -> DateTimeText.timestamp(b, from, to);
            case VARCHAR -> new String(b, from, to - from, StandardCharsets.UTF_8);
        };
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

    /** {@code true} or {@code false}, in any case. */
    private static Boolean bool(byte[] b, int from, int to) {
        if (matchesIgnoringCase(b, from, to, "true")) {
            return Boolean.TRUE;
        }
        if (matchesIgnoringCase(b, from, to, "false")) {
            return Boolean.FALSE;
        }
        throw new MalformedText(MalformedText.Problem.NOT_A_BOOLEAN);
    }

    private static boolean matchesIgnoringCase(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            // ASCII letters differ from their upper case in bit 0x20 alone.
            if ((b[from + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The whitespace {@link String#strip()} removes, within ASCII. */
    private static boolean isAsciiSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    }

    static IllegalArgumentException problem(MalformedText e, String text, ValueType type) {
        String quoted = "'" + abbreviate(text) + "'";
        return new IllegalArgumentException(
                switch (e.problem()) {
                    case INVALID -> quoted + " is not a valid " + type.name();
                    case OUT_OF_RANGE -> quoted + " is out of range";
                    case NOT_A_BOOLEAN -> quoted + " is not a boolean";
                });
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
