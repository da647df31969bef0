package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level {@link CsvDecoder} against the decoding it replaced ({@link ReferenceCsvDecoder})
 * on random records: the same values (same types, same decimal scales, the same sign of zero), or
 * the same error message. Fields are mostly near-misses of valid text (a day too many, a digit too
 * few, a stray quote, a space, another script's digits), where two decoders most likely disagree.
 */
class CsvDecoderDifferentialTest {
    private static final int RECORDS = 10_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 2026})
    void decodesRandomRecordsAsTheReferenceDoes(long seed) {
        Random random = new Random(seed);
        int decoded = 0;
        for (int schemas = 0; schemas < 20; schemas++) {
            SourceSchema schema = randomSchema(random);
            CsvDecoder decoder = new CsvDecoder(schema);
            ReferenceCsvDecoder reference = new ReferenceCsvDecoder(schema);
            for (int r = 0; r < RECORDS / 20; r++) {
                byte[] record = randomRecord(random, schema);
                // The record inside a larger buffer, as a file's reader hands it over.
                byte[] buffer = new byte[record.length + 7];
                System.arraycopy(record, 0, buffer, 3, record.length);
                String expected = outcome(() -> reference.decode(utf8(record)));
                String actual = outcome(() -> decoder.decode(buffer, 3, 3 + record.length));
                assertThat(actual)
                        .as(() -> "record " + Arrays.toString(record) + " with " + schema)
                        .isEqualTo(expected);
                if (!actual.startsWith("error")) {
                    decoded++;
                }
            }
        }
        // Both outcomes are well represented: values compared, and errors compared.
        assertThat(decoded).isBetween(RECORDS / 10, RECORDS * 9 / 10);
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6, 7})
    void parsesRandomTextAsTheReferenceDoes(long seed) {
        Random random = new Random(seed);
        for (ValueType type : ValueType.values()) {
            for (int i = 0; i < 2_000; i++) {
                String text = RandomText.of(random, type);
                String expected =
                        outcome(() -> new Object[] {ReferenceCsvDecoder.parse(text, type)});
                String actual = outcome(() -> new Object[] {TextValues.parse(text, type)});
                assertThat(actual).as(() -> type + " '" + text + "'").isEqualTo(expected);
            }
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The values with their classes, or the error message. */
    private static String outcome(java.util.function.Supplier<Object[]> decode) {
        try {
            Object[] values = decode.get();
            List<String> shown = new ArrayList<>();
            for (Object v : values) {
                shown.add(
                        v == null
                                ? "null"
                                : v.getClass().getSimpleName()
                                        + ":"
                                        + (v instanceof java.math.BigDecimal d
                                                ? d.unscaledValue() + "e-" + d.scale()
                                                : v instanceof Double d
                                                        ? Long.toHexString(
                                                                Double.doubleToRawLongBits(d))
                                                        : v instanceof Float f
                                                                ? Integer.toHexString(
                                                                        Float.floatToRawIntBits(f))
                                                                : v.toString()));
            }
            return shown.toString();
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private static SourceSchema randomSchema(Random random) {
        int n = 1 + random.nextInt(6);
        List<String> names = new ArrayList<>();
        List<ValueType> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
            types.add(ValueType.values()[random.nextInt(ValueType.values().length)]);
        }
        return SourceSchema.of(names, types);
    }

    private static byte[] randomRecord(Random random, SourceSchema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Mostly the schema's number of fields; sometimes one more or one fewer.
        int fields = schema.size() + (random.nextInt(20) == 0 ? random.nextInt(3) - 1 : 0);
        for (int i = 0; i < Math.max(fields, 1); i++) {
            if (i > 0) {
                out.write(',');
            }
            ValueType type =
                    i < schema.size() && random.nextInt(5) > 0
                            ? schema.column(i).type()
                            : ValueType.values()[random.nextInt(ValueType.values().length)];
            out.writeBytes(field(random, RandomText.of(random, type)));
        }
        return out.toByteArray();
    }

    /** The text as a CSV field: mostly as is, sometimes quoted, empty, or with a stray quote. */
    private static byte[] field(Random random, String text) {
        int choice = random.nextInt(100);
        if (choice < 5) {
            return new byte[0];
        }
        if (choice < 20) {
            StringBuilder b = new StringBuilder("\"");
            String inner = random.nextInt(4) == 0 ? text + ",\"\r\n" + text : text;
            b.append(inner.replace("\"", "\"\""));
            b.append('"');
            if (random.nextInt(30) == 0) {
                b.append('x'); // text after the closing quote
            }
            if (random.nextInt(30) == 0) {
                b.setLength(b.length() - 1); // never closed
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (choice < 22) {
            return (text + "\"").getBytes(StandardCharsets.UTF_8);
        }
        if (choice < 24) {
            byte[] junk = new byte[1 + random.nextInt(6)];
            random.nextBytes(junk);
            for (int i = 0; i < junk.length; i++) {
                if (junk[i] == ',' || junk[i] == '"') {
                    junk[i] = 'x';
                }
            }
            return junk;
        }
        return text.replace(",", "").replace("\"", "").getBytes(StandardCharsets.UTF_8);
    }
}
