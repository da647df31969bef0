package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.row.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the key encoding, on random rows: unsigned byte order of encodings is the order of
 * values (NULL first) for every ordered type, decoding inverts encoding for every type, and a row's
 * encoding is a prefix of the encoding of any row extending it.
 */
class RowCodecTest {
    /** Strings from characters that stress the encoding: NUL, multi-byte, supplementary, max. */
    private static final String[] CHARACTERS = {
        "\0",
        "\u0001",
        "a",
        "b",
        "\u007F",
        "\u0080",
        "é",
        "ß",
        "中",
        "\uE000",
        "\uFFFF",
        "\uD83D\uDE00",
        "\uD800\uDC00"
    };

    /** One field type: how to draw a value and how values of it compare. */
    private record FieldType(
            String name, Function<Random, Object> draw, Comparator<Object> order) {}

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<T>> Comparator<Object> natural() {
        return (a, b) -> ((T) a).compareTo((T) b);
    }

    private static final List<FieldType> ORDERED =
            List.of(
                    new FieldType("BIGINT", RowCodecTest::randomLong, natural()),
                    new FieldType("INTEGER", r -> (int) randomLong(r), natural()),
                    new FieldType("SMALLINT", r -> (short) randomLong(r), natural()),
                    new FieldType("TINYINT", r -> (byte) randomLong(r), natural()),
                    new FieldType("DOUBLE", RowCodecTest::randomDouble, RowCodecTest::bySqlKey),
                    new FieldType("REAL", r -> (float) randomDouble(r), RowCodecTest::bySqlKey),
                    new FieldType("VARCHAR", RowCodecTest::randomString, RowCodecTest::byCodePoint),
                    new FieldType("BOOLEAN", Random::nextBoolean, natural()));

    private static final FieldType DECIMAL =
            new FieldType("DECIMAL", RowCodecTest::randomDecimal, natural());

    private static long randomLong(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Long.MIN_VALUE + r.nextInt(3);
            case 1 -> Long.MAX_VALUE - r.nextInt(3);
            case 2 -> r.nextInt(7) - 3;
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    private static double randomDouble(Random r) {
        return switch (r.nextInt(8)) {
            case 0 ->
                    new double[] {
                                -0.0,
                                0.0,
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                Double.MIN_VALUE,
                                -Double.MIN_VALUE,
                                Double.MAX_VALUE,
                                -Double.MAX_VALUE
                            }
                            [r.nextInt(9)];
            case 1 -> r.nextInt(5) - 2;
            case 2 -> Double.longBitsToDouble(r.nextLong()); // any bit pattern, NaNs included
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        };
    }

    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(6);
        for (int i = 0; i < length; i++) {
            s.append(CHARACTERS[r.nextInt(CHARACTERS.length)]);
        }
        return s.toString();
    }

    private static BigDecimal randomDecimal(Random r) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt(200), r);
        return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(80) - 40);
    }

    /**
     * Strings order by code point, which is UTF-8 byte order; String.compareTo orders by UTF-16
     * unit and differs from it for supplementary characters against U+E000..U+FFFF.
     */
    private static int byCodePoint(Object a, Object b) {
        int[] x = ((String) a).codePoints().toArray();
        int[] y = ((String) b).codePoints().toArray();
        return Arrays.compare(x, y);
    }

    private static Object drawOrNull(FieldType type, Random random) {
        return random.nextInt(6) == 0 ? null : type.draw().apply(random);
    }

    /** Field by field, NULL first, a shorter row before its extensions. */
    private static int compareRows(List<FieldType> types, Row a, Row b) {
        for (int i = 0; i < Math.min(a.arity(), b.arity()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c =
                    x == null
                            ? (y == null ? 0 : -1)
                            : (y == null ? 1 : types.get(i).order().compare(x, y));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.arity(), b.arity());
    }

    private static byte[] encode(Row row) {
        return RowCodec.INSTANCE.toBytes(row);
    }

    /** Double.compare's order, with -0.0 equal to 0.0 (one key, as SQL groups them). */
    private static int bySqlKey(Object a, Object b) {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y);
    }

    @Test
    void negativeZeroIsZeroAndEveryNanIsOneInAKey() {
        // Found by the oracle (negative-zero-key): GROUP BY a DOUBLE made -0.0 and 0.0 two groups.
        assertThat(encode(Row.of(-0.0))).isEqualTo(encode(Row.of(0.0)));
        assertThat(encode(Row.of(-0.0f))).isEqualTo(encode(Row.of(0.0f)));
        assertThat(encode(Row.of(Double.longBitsToDouble(0x7ff8000000000123L))))
                .isEqualTo(encode(Row.of(Double.NaN)));
        assertThat(decode(encode(Row.of(-0.0))).get(0)).isEqualTo(0.0);
        // Rows compare as their keys do: HashMaps of rows in the engine agree with the state.
        assertThat(Row.of("a", -0.0)).isEqualTo(Row.of("a", 0.0));
        assertThat(Row.of("a", -0.0).hashCode()).isEqualTo(Row.of("a", 0.0).hashCode());
        assertThat(Row.of(Double.NaN)).isEqualTo(Row.of(Double.NaN));
        assertThat(Row.of(1.0)).isNotEqualTo(Row.of(-1.0));
    }

    private static Row decode(byte[] bytes) {
        return RowCodec.INSTANCE.fromBytes(bytes);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void encodingOrderIsValueOrderForEachType(long seed) {
        Random random = new Random(seed);
        for (FieldType type : ORDERED) {
            List<FieldType> types = List.of(type);
            for (int i = 0; i < 5_000; i++) {
                Row a = Row.of(drawOrNull(type, random));
                Row b = Row.of(drawOrNull(type, random));
                assertThat(Integer.signum(Arrays.compareUnsigned(encode(a), encode(b))))
                        .as("%s: %s vs %s", type.name(), a, b)
                        .isEqualTo(Integer.signum(compareRows(types, a, b)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void encodingOrderIsValueOrderForRowsOfSeveralFields(long seed) {
        Random random = new Random(seed);
        for (int shape = 0; shape < 200; shape++) {
            List<FieldType> types = new ArrayList<>();
            for (int f = 0, n = 1 + random.nextInt(4); f < n; f++) {
                types.add(ORDERED.get(random.nextInt(ORDERED.size())));
            }
            for (int i = 0; i < 200; i++) {
                // Few distinct values per field, so that rows often tie on their first fields.
                Row a = row(types, new Random(random.nextInt(4)), random);
                Row b = row(types, new Random(random.nextInt(4)), random);
                assertThat(Integer.signum(Arrays.compareUnsigned(encode(a), encode(b))))
                        .as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(compareRows(types, a, b)));
            }
        }
    }

    /** A row of {@code types}, its first fields drawn from {@code fewValues}, then any. */
    private static Row row(List<FieldType> types, Random fewValues, Random random) {
        int arity = 1 + random.nextInt(types.size());
        Object[] values = new Object[arity];
        for (int f = 0; f < arity; f++) {
            values[f] = drawOrNull(types.get(f), f < arity - 1 ? fewValues : random);
        }
        return Row.of(values);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void decodingInvertsEncodingForEveryType(long seed) {
        Random random = new Random(seed);
        List<FieldType> all = new ArrayList<>(ORDERED);
        all.add(DECIMAL);
        for (int i = 0; i < 20_000; i++) {
            Object[] values = new Object[random.nextInt(6)];
            for (int f = 0; f < values.length; f++) {
                values[f] = drawOrNull(all.get(random.nextInt(all.size())), random);
            }
            Row row = Row.of(values);
            assertThat(decode(encode(row))).as("%s", row).isEqualTo(row);
        }
        Row edge =
                Row.of(
                        "",
                        "\0",
                        "\0\0",
                        "a\0b",
                        "\uD83D\uDE00é中",
                        -0.0,
                        Double.NaN,
                        -0.0f,
                        new BigDecimal("-12.3400"),
                        new BigDecimal("1E+30"),
                        BigDecimal.ZERO,
                        null);
        assertThat(decode(encode(edge))).isEqualTo(edge);
        assertThat(decode(new byte[0])).isEqualTo(Row.of());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aRowsEncodingIsAPrefixOfItsExtensions(long seed) {
        Random random = new Random(seed);
        List<FieldType> all = new ArrayList<>(ORDERED);
        all.add(DECIMAL);
        for (int i = 0; i < 10_000; i++) {
            Object[] values = new Object[1 + random.nextInt(5)];
            for (int f = 0; f < values.length; f++) {
                values[f] = drawOrNull(all.get(random.nextInt(all.size())), random);
            }
            int cut = random.nextInt(values.length + 1);
            byte[] prefix = encode(Row.of(Arrays.copyOf(values, cut)));
            byte[] whole = encode(Row.of(values));
            assertThat(Arrays.copyOf(whole, prefix.length)).isEqualTo(prefix);
        }
    }

    /** Prefix on whole fields only: the string "a" is no prefix of the string "ab". */
    @ParameterizedTest
    @ValueSource(strings = {"a", "a\0", ""})
    void aStringFieldIsNotAPrefixOfALongerString(String s) {
        byte[] shorter = encode(Row.of(s));
        byte[] longer = encode(Row.of(s + "b"));
        assertThat(Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x14, 0xFF})
    void anUnknownTagIsReportedNotMisread(int tag) {
        assertThatThrownBy(() -> decode(new byte[] {(byte) tag}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown field tag " + tag);
    }
}
