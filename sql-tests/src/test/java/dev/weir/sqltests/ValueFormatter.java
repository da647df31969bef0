package dev.weir.sqltests;

import dev.weir.common.type.ValueType;
import dev.weir.engine.ResultColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Prints result values as scripts expect them: timestamps as {@code yyyy-MM-dd HH:mm:ss}. */
final class ValueFormatter {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private ValueFormatter() {}

    static String row(Object[] values, List<ResultColumn> columns) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            ResultColumn column = columns.get(i);
            b.append(
                    column.name().equals("ptime") && i == values.length - 2
                            ? "*"
                            : value(values[i], column.type()));
        }
        return b.toString();
    }

    static String value(Object value, ValueType type) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case TIMESTAMP -> {
                long millis = (Long) value;
                Instant instant = Instant.ofEpochMilli(millis);
                yield millis % 1000 == 0 ? SECONDS.format(instant) : MILLIS.format(instant);
            }
            case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            default -> String.valueOf(value);
        };
    }
}
