package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV decoding the byte-level {@link CsvDecoder} replaced, kept as the reference it is checked
 * against: a record as a String, split into field Strings, each parsed by Java's own parsers and a
 * strict {@code java.time} formatter. Slow and obviously right.
 */
final class ReferenceCsvDecoder {
    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);

    private final SourceSchema schema;

    ReferenceCsvDecoder(SourceSchema schema) {
        this.schema = schema;
    }

    Object[] decode(String record) {
        List<String> fields = fields(record);
        if (fields.size() != schema.size()) {
            throw new IllegalArgumentException(
                    "expected " + schema.size() + " fields, found " + fields.size());
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            String field = fields.get(i);
            SourceSchema.Column column = schema.column(i);
            if (field != null) {
                try {
                    values[i] = parse(field, column.type());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "column '" + column.name() + "': " + e.getMessage(), e);
                }
            }
        }
        return values;
    }

    static List<String> fields(String record) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = record.length();
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    char c = record.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && record.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                fields.add(field.toString());
                if (i < n && record.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                int start = i;
                while (i < n && record.charAt(i) != ',') {
                    if (record.charAt(i) == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field");
                    }
                    i++;
                }
                fields.add(i == start ? null : record.substring(start, i));
            }
            if (i >= n) {
                return fields;
            }
            i++;
        }
    }

    static Object parse(String text, ValueType type) {
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

    private static Boolean bool(String t) {
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("'" + abbreviate(t) + "' is not a boolean");
    }

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

    static long timestamp(String text) {
        String t = text.length() > 10 && text.charAt(10) == 'T' ? text.replace('T', ' ') : text;
        LocalDateTime time = LocalDateTime.parse(t, TIMESTAMP);
        return time.toEpochSecond(ZoneOffset.UTC) * 1000 + time.getNano() / 1_000_000;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
