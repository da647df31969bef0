package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import java.nio.charset.StandardCharsets;

/**
 * Field text with other than ASCII in it, where a typed value is expected: what Java's parsers
 * accept beyond ASCII stays accepted (Unicode whitespace around a value, digits of other scripts in
 * an integer, as {@link Long#parseLong} reads them, and a boolean's letters as {@link
 * String#equalsIgnoreCase} matches them); anything else is not a value of the type.
 */
final class UnicodeValues {
    private UnicodeValues() {}

    static Object parse(String text, ValueType type) {
        String t = text.strip();
        if (TextValues.isAscii(t)) {
            byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
            try {
                return TextValues.ascii(b, 0, b.length, type);
            } catch (MalformedText e) {
                throw TextValues.problem(e, t, type);
            }
        }
        try {
            return switch (type) {
                case TINYINT -> Byte.parseByte(t);
                case SMALLINT -> Short.parseShort(t);
                case INTEGER, INTERVAL_YEAR_MONTH -> Integer.parseInt(t);
                case BIGINT, INTERVAL_DAY_TIME -> Long.parseLong(t);
                case BOOLEAN -> bool(t);
                case VARCHAR -> text;
                case DECIMAL, REAL, DOUBLE, DATE, TIME, TIMESTAMP -> throw MalformedText.invalid();
            };
        } catch (NumberFormatException e) {
            throw TextValues.problem(MalformedText.invalid(), t, type);
        } catch (MalformedText e) {
            throw TextValues.problem(e, t, type);
        }
    }

    private static Boolean bool(String t) {
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new MalformedText(MalformedText.Problem.NOT_A_BOOLEAN);
    }
}
