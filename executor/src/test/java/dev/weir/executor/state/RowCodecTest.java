package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    private static byte[] enc(Object... values) {
        return RowCodec.INSTANCE.toBytes(Row.of(values));
    }

    @Test
    void encodingOrderIsValueOrderWithNullsFirst() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long a = random.nextLong() >> random.nextInt(64);
            long b = random.nextLong() >> random.nextInt(64);
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(a), enc(b))))
                    .isEqualTo(Integer.signum(Long.compare(a, b)));
            int x = random.nextInt();
            int y = random.nextInt();
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(x), enc(y))))
                    .isEqualTo(Integer.signum(Integer.compare(x, y)));
            double d = random.nextGaussian() * 1e6;
            double e = random.nextGaussian() * 1e6;
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(d), enc(e))))
                    .isEqualTo(Integer.signum(Double.compare(d, e)));
            String s = Long.toString(random.nextLong(), 36).substring(0, 1 + random.nextInt(5));
            String t = Long.toString(random.nextLong(), 36).substring(0, 1 + random.nextInt(5));
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(s), enc(t))))
                    .isEqualTo(Integer.signum(s.compareTo(t)));
        }
        assertThat(Arrays.compareUnsigned(enc((Object) null), enc(Long.MIN_VALUE))).isNegative();
        assertThat(Arrays.compareUnsigned(enc("a"), enc("a\0"))).isNegative();
        assertThat(Arrays.compareUnsigned(enc("a\0"), enc("ab"))).isNegative();
    }

    @Test
    void everyTypeRoundTripsAndRowsArePrefixes() {
        Row row =
                Row.of(
                        true,
                        (byte) -3,
                        (short) 300,
                        -7,
                        Long.MAX_VALUE,
                        1.5f,
                        -2.25d,
                        new BigDecimal("-12.3400"),
                        "é\0ß",
                        null);
        assertThat(RowCodec.INSTANCE.fromBytes(RowCodec.INSTANCE.toBytes(row))).isEqualTo(row);
        byte[] shorter = enc("k", 1L);
        byte[] longer = enc("k", 1L, "more");
        assertThat(Arrays.copyOf(longer, shorter.length)).isEqualTo(shorter);
    }
}
