package dev.weir.executor.connector.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object per line: keys match column names case-insensitively, a missing key or JSON null
 * is NULL, other keys are ignored. Values must have the column's JSON type: numbers for numeric
 * columns (and epoch milliseconds for a timestamp), strings for text, dates, times and timestamps,
 * true/false for booleans.
 */
final class JsonDecoder implements RecordDecoder {
    // Decimals are read as BigDecimal, digits and scale as written (never through a double, nor
    // stripped of trailing zeros); text after the object makes the line malformed, not ignored.
    private static final ObjectReader READER =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .reader();

    private final SourceSchema schema;
    private final Map<String, Integer> columnByName = new HashMap<>();

    JsonDecoder(SourceSchema schema) {
        this.schema = schema;
        for (int i = schema.size() - 1; i >= 0; i--) {
            columnByName.put(key(schema.column(i).name()), i);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Object[] decode(String record) {
        JsonNode node;
        try {
            node = READER.readTree(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a line must hold one JSON object");
        }
        Object[] values = new Object[schema.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Integer column = columnByName.get(key(field.getKey()));
            if (column != null && !field.getValue().isNull()) {
                values[column] = value(field.getValue(), schema.column(column));
            }
        }
        return values;
    }

    private static Object value(JsonNode value, SourceSchema.Column column) {
        ValueType type = column.type();
        if (value.isNumber()) {
            if (type == ValueType.TIMESTAMP) {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw new IllegalArgumentException(
                            "column '"
                                    + column.name()
                                    + "': a timestamp number must be epoch"
                                    + " milliseconds");
                }
                return value.longValue();
            }
            if (type.isNumeric()) {
                return TextValues.parse(value.asText(), column);
            }
        } else if (value.isBoolean()) {
            if (type == ValueType.BOOLEAN) {
                return value.booleanValue();
            }
        } else if (value.isTextual()) {
            if (!type.isNumeric() && type != ValueType.BOOLEAN) {
                return TextValues.parse(value.textValue(), column);
            }
        }
        throw new IllegalArgumentException(
                "column '"
                        + column.name()
                        + "': a JSON "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT)
                        + " where a "
                        + type.name()
                        + " belongs");
    }
}
