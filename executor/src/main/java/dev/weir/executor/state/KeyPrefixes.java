package dev.weir.executor.state;

import java.util.Arrays;

/** Byte-string arithmetic for prefix scans, shared by the backends. */
public final class KeyPrefixes {
    private KeyPrefixes() {}

    /**
     * The smallest byte string greater than every string that starts with {@code prefix} (unsigned
     * order), or null when there is none (the prefix is all 0xFF bytes).
     */
    public static byte[] next(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return Arrays.copyOf(next, i + 1);
            }
        }
        return null;
    }
}
