package dev.weir.executor.connector.nexmark;

import java.util.SplittableRandom;

/** The random text of Nexmark's events, by the benchmark's rules (Beam's StringsGenerator). */
final class NexmarkStrings {
    private static final int MIN_LENGTH = 3;

    private NexmarkStrings() {}

    /**
     * Lower-case letters with about one {@code special} in 13, 3 to {@code maxLength - 1} long
     * before trimming (only spaces are trimmed away).
     */
    static String next(SplittableRandom random, int maxLength, char special) {
        int length = MIN_LENGTH + random.nextInt(maxLength - MIN_LENGTH);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(13) == 0 ? special : (char) ('a' + random.nextInt(26));
        }
        return special == ' ' ? new String(chars).trim() : new String(chars);
    }

    static String next(SplittableRandom random, int maxLength) {
        return next(random, maxLength, ' ');
    }

    /** Exactly {@code length} lower-case letters, six from each random int (the payload filler). */
    static String exact(SplittableRandom random, int length) {
        char[] chars = new char[length];
        int bits = 0;
        int left = 0;
        for (int i = 0; i < length; i++) {
            if (left == 0) {
                // Non-negative, unlike the reference generator's, whose negative remainders
                // produce characters below 'a'; 26^6 < 2^31 so six letters fit one int.
                bits = random.nextInt() & Integer.MAX_VALUE;
                left = 6;
            }
            chars[i] = (char) ('a' + bits % 26);
            bits /= 26;
            left--;
        }
        return new String(chars);
    }

    /**
     * The {@code extra} column: filler that brings an event of {@code currentSize} bytes to {@code
     * averageSize} on average, its length uniform within 20% of the gap.
     */
    static String extra(SplittableRandom random, int currentSize, int averageSize) {
        if (currentSize > averageSize) {
            return "";
        }
        int gap = averageSize - currentSize;
        int delta = (int) Math.round(gap * 0.2);
        int size = gap - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        return exact(random, size);
    }

    /** Four groups of four digits, zero-padded, without a per-event format string. */
    static String creditCard(SplittableRandom random) {
        char[] chars = new char[19];
        for (int group = 0; group < 4; group++) {
            int value = random.nextInt(10_000);
            int at = group * 5;
            for (int digit = 3; digit >= 0; digit--) {
                chars[at + digit] = (char) ('0' + value % 10);
                value /= 10;
            }
            if (group < 3) {
                chars[at + 4] = ' ';
            }
        }
        return new String(chars);
    }
}
