package dev.weir.executor.connector.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes eight at a time: a CSV record is mostly text between a few delimiters, and looking at
 * each byte on its own is what made cutting records slow.
 */
final class ByteScan {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {}

    /** The index of the first byte of {@code b[from, to)} that is {@code x} or {@code y}, or to. */
    static int indexOfEither(byte[] b, int from, int to, byte x, byte y) {
        long xs = ONES * (x & 0xFF);
        long ys = ONES * (y & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            long found = zeroBytes(word ^ xs) | zeroBytes(word ^ ys);
            if (found != 0) {
                // Little-endian: the lowest flag is the first byte found.
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == x || b[i] == y) {
                return i;
            }
        }
        return to;
    }

    /**
     * The high bit of each zero byte of {@code v} set (and perhaps of bytes above the lowest zero
     * one, which a borrow reaches; the lowest flag is always exact).
     */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }
}
