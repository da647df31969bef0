package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {
    private static int naive(byte[] b, int from, int to, byte x, byte y) {
        for (int i = from; i < to; i++) {
            if (b[i] == x || b[i] == y) {
                return i;
            }
        }
        return to;
    }

    @Test
    void findsTheFirstOfTwoBytesAsAByteByByteLoopDoes() {
        // Bytes one bit away from the ones looked for (0x8a, 0x0b, 0x2d, ...) and bytes that
        // borrow in the eight-at-a-time arithmetic (0x00, 0x01, 0xff) around the real ones.
        byte[] alphabet = {
            '\n', '"', ',', 0x0b, (byte) 0x8a, 0x2d, (byte) 0xac, 0, 1, (byte) 0xff, 'a'
        };
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertThat(ByteScan.indexOfEither(b, from, to, (byte) '\n', (byte) '"'))
                    .isEqualTo(naive(b, from, to, (byte) '\n', (byte) '"'));
            assertThat(ByteScan.indexOfEither(b, from, to, (byte) ',', (byte) '"'))
                    .isEqualTo(naive(b, from, to, (byte) ',', (byte) '"'));
        }
    }

    @Test
    void findsEachPositionOfALongRun() {
        byte[] b =
                "abcdefghijklmnopqrstuvwxyz0123456789"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int at = 0; at < b.length; at++) {
            byte[] c = b.clone();
            c[at] = '"';
            assertThat(ByteScan.indexOfEither(c, 0, c.length, (byte) '\n', (byte) '"'))
                    .isEqualTo(at);
            assertThat(ByteScan.indexOfEither(c, at + 1, c.length, (byte) '\n', (byte) '"'))
                    .isEqualTo(c.length);
        }
    }
}
