package dev.weir.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.WeirException;
import dev.weir.common.type.ValueType;
import dev.weir.engine.ResultColumn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The console's JSON: result columns, rows and errors. Values go as the shell prints them (text),
 * except booleans (the {@code undo} flag the browser acts on) and NULL; numbers too, so that a
 * BIGINT or DECIMAL never loses digits to JavaScript's doubles.
 */
final class ConsoleJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private ConsoleJson() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode columns(List<ResultColumn> columns) {
        ArrayNode array = NODES.arrayNode();
        for (ResultColumn c : columns) {
            array.addObject()
                    .put("name", c.name())
                    .put("type", c.sqlType())
                    .put("numeric", c.type().isNumeric());
        }
        return array;
    }

    static ArrayNode row(Object[] values, List<ResultColumn> columns) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                array.addNull();
            } else if (v instanceof Boolean b) {
                array.add(b);
            } else {
                array.add(text(v, columns.get(i).type()));
            }
        }
        return array;
    }

    /** A value as text: timestamps, dates and times as SQL literals write them. */
    static String text(Object value, ValueType type) {
        return switch (type) {
            case TIMESTAMP ->
                    LocalDateTime.ofEpochSecond(
                                    Math.floorDiv((Long) value, 1000L),
                                    (int) Math.floorMod((Long) value, 1000L) * 1_000_000,
                                    ZoneOffset.UTC)
                            .format(TIMESTAMP);
            case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
            case TIME -> LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString();
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            default -> String.valueOf(value);
        };
    }

    /**
     * An error as the console shows it: the message with its position ({@code line 1:8: ...}), the
     * code and SQLSTATE, and the position apart, for the editor to mark.
     */
    static ObjectNode error(WeirException e) {
        ObjectNode error = NODES.objectNode();
        error.put("message", e.getMessage())
                .put("code", e.code().name())
                .put("sqlState", e.code().sqlState());
        e.position()
                .ifPresent(
                        p ->
                                error.putObject("position")
                                        .put("line", p.line())
                                        .put("column", p.column())
                                        .put("endLine", p.endLine())
                                        .put("endColumn", p.endColumn()));
        return NODES.objectNode().set("error", error);
    }

    static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // trees of our own always serialize
        }
    }

    /** One line of a JSON-lines stream. */
    static byte[] line(Object node) {
        byte[] json = bytes(node);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
}
