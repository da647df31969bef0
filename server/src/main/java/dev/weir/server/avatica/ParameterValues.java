package dev.weir.server.avatica;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * A PreparedStatement's values as Avatica sends them, as the engine binds them: numbers, strings,
 * booleans as they are; timestamps, dates and times (sent as the client's wall-clock reading,
 * counted from the epoch as if it were UTC: Avatica's convention, the one results use too) as
 * zone-less {@code java.time} values.
 */
final class ParameterValues {
    private ParameterValues() {}

    static List<Object> of(List<TypedValue> values) {
        List<Object> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (int i = 0; i < values.size(); i++) {
            TypedValue value = values.get(i);
            try {
                out.add(value(value, i + 1));
            } catch (ClassCastException
                    | ArithmeticException
                    | NumberFormatException
                    | DateTimeException e) {
                // A value whose serial form does not fit its declared type: the client's mistake.
                throw new WeirException(
                        ErrorCode.INVALID_ARGUMENT,
                        Optional.empty(),
                        "Parameter "
                                + (i + 1)
                                + " is not a valid "
                                + value.type
                                + " value ("
                                + e.getMessage()
                                + ").");
            }
        }
        return out;
    }

    private static Object value(TypedValue v, int number) {
        if (v == null || v.value == null) {
            return null;
        }
        // The serial form, read directly: Avatica's toLocal() refuses some of its own
        // representations (a PRIMITIVE_LONG holding a Long, as its client's setLong makes).
        Object value = v.value;
        return switch (v.type) {
            case JAVA_SQL_TIMESTAMP, JAVA_UTIL_DATE -> {
                long millis = ((Number) value).longValue();
                yield LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000),
                        (int) Math.floorMod(millis, 1000) * 1_000_000,
                        ZoneOffset.UTC);
            }
            case JAVA_SQL_DATE -> LocalDate.ofEpochDay(((Number) value).intValue());
            case JAVA_SQL_TIME -> LocalTime.ofNanoOfDay(((Number) value).intValue() * 1_000_000L);
            case NUMBER ->
                    value instanceof BigDecimal d ? d : new BigDecimal(String.valueOf(value));
            case BYTE_STRING, ARRAY, STRUCT, MULTISET -> unsupported(v, number);
            default ->
                    value instanceof String || value instanceof Number || value instanceof Boolean
                            ? value
                            : String.valueOf(value);
        };
    }

    private static Object unsupported(TypedValue v, int number) {
        throw new WeirException(
                ErrorCode.NOT_SUPPORTED,
                Optional.empty(),
                "Parameter " + number + " is of a kind Weir does not take (" + v.type + ").");
    }
}
