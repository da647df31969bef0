package dev.weir.executor.connector.file;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Numbers parsed from ASCII bytes, accepting exactly what Java's parsers accepted from the same
 * text before (so a value is never read differently than it used to be): integers as {@link
 * Long#parseLong} (a sign, then digits), decimals and floating point only as plain literals ({@code
 * -12.5e3}: no hexadecimal, type suffixes, NaN or Infinity). Anything else throws {@link
 * MalformedText}.
 */
final class NumberText {
    /** Powers of ten a double holds exactly: 10^0 to 10^22. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
            EXACT_POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    // Integers up to 2^53 are exact as doubles.
    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;
    // A long holds any 18 digits.
    private static final int LONG_DIGITS = 18;

    private NumberText() {}

    /** An integer in [min, max]: an optional sign, then at least one digit. */
    static long integer(byte[] b, int from, int to, long min, long max) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        if (i >= to) {
            throw MalformedText.invalid();
        }
        // Accumulated as a negative number, whose range reaches one further than the positive.
        long limit = negative ? min : -max;
        long beforeLastDigit = limit / 10;
        long value = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || value < beforeLastDigit) {
                throw MalformedText.invalid();
            }
            value *= 10;
            if (value < limit + d) {
                throw MalformedText.invalid();
            }
            value -= d;
        }
        return negative ? value : -value;
    }

    /** A plain decimal literal, digits and scale as written. */
    static BigDecimal decimal(byte[] b, int from, int to) {
        PlainNumber n = PlainNumber.of(b, from, to);
        if (!n.hasExponent && n.digits <= LONG_DIGITS) {
            long unscaled = n.mantissa(b);
            return BigDecimal.valueOf(n.negative ? -unscaled : unscaled, n.fractionDigits);
        }
        try {
            return new BigDecimal(ascii(b, from, to));
        } catch (NumberFormatException e) {
            throw MalformedText.invalid(); // an exponent beyond what a BigDecimal's scale holds
        }
    }

    /** A plain decimal literal as the nearest double; one too large for a double is an error. */
    static double toDouble(byte[] b, int from, int to) {
        PlainNumber n = PlainNumber.of(b, from, to);
        if (n.digits <= LONG_DIGITS) {
            long mantissa = n.mantissa(b);
            long power = n.exponent - n.fractionDigits;
            // Exactly representable mantissa and power of ten: one correctly rounded operation
            // gives the nearest double, the value Double.parseDouble gives.
            if (mantissa <= MAX_EXACT_DOUBLE_INTEGER && Math.abs(power) <= 22) {
                double v =
                        power >= 0
                                ? mantissa * EXACT_POWERS_OF_TEN[(int) power]
                                : mantissa / EXACT_POWERS_OF_TEN[(int) -power];
                return n.negative ? -v : v;
            }
        }
        double v = Double.parseDouble(ascii(b, from, to));
        if (Double.isInfinite(v)) {
            throw MalformedText.outOfRange();
        }
        return v;
    }

    /** A plain decimal literal as the nearest float; one too large for a float is an error. */
    static float toFloat(byte[] b, int from, int to) {
        PlainNumber.of(b, from, to);
        float v = Float.parseFloat(ascii(b, from, to));
        if (Float.isInfinite(v)) {
            throw MalformedText.outOfRange();
        }
        return v;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The shape of a plain decimal literal: {@code [+-] digits [. digits] [(e|E) [+-] digits]},
     * with at least one digit before the exponent (on either side of the point).
     */
    private record PlainNumber(
            boolean negative,
            int digitsFrom,
            int pointAt,
            int digitsTo,
            int digits,
            int fractionDigits,
            boolean hasExponent,
            long exponent) {

        static PlainNumber of(byte[] b, int from, int to) {
            int i = from;
            boolean negative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negative = b[i] == '-';
                i++;
            }
            int digitsFrom = i;
            while (i < to && isDigit(b[i])) {
                i++;
            }
            int pointAt = -1;
            int fractionDigits = 0;
            if (i < to && b[i] == '.') {
                pointAt = i;
                i++;
                while (i < to && isDigit(b[i])) {
                    i++;
                    fractionDigits++;
                }
            }
            int digitsTo = i;
            int digits = digitsTo - digitsFrom - (pointAt >= 0 ? 1 : 0);
            boolean hasExponent = false;
            long exponent = 0;
            if (digits > 0 && i < to && (b[i] == 'e' || b[i] == 'E')) {
                hasExponent = true;
                i++;
                boolean negativeExponent = false;
                if (i < to && (b[i] == '+' || b[i] == '-')) {
                    negativeExponent = b[i] == '-';
                    i++;
                }
                int exponentFrom = i;
                while (i < to && isDigit(b[i])) {
                    // Beyond any double's or BigDecimal's reach, the exponent only has to stay so.
                    exponent = Math.min(exponent * 10 + (b[i] - '0'), Integer.MAX_VALUE);
                    i++;
                }
                if (i == exponentFrom) {
                    digits = 0;
                }
                exponent = negativeExponent ? -exponent : exponent;
            }
            if (digits == 0 || i != to) {
                throw MalformedText.invalid();
            }
            return new PlainNumber(
                    negative,
                    digitsFrom,
                    pointAt,
                    digitsTo,
                    digits,
                    fractionDigits,
                    hasExponent,
                    exponent);
        }

        /** The digits, the point ignored, as a long: only for at most 18 of them. */
        long mantissa(byte[] b) {
            long m = 0;
            for (int i = digitsFrom; i < digitsTo; i++) {
                if (i != pointAt) {
                    m = m * 10 + (b[i] - '0');
                }
            }
            return m;
        }

        private static boolean isDigit(byte c) {
            return c >= '0' && c <= '9';
        }
    }
}
