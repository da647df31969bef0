package dev.weir.executor.connector.file;

/**
 * Dates, times and timestamps parsed by hand from ASCII bytes, in the proleptic Gregorian calendar
 * (ISO 8601, as {@code java.time} counts: a year 0, and negative years before it), accepting
 * exactly what Weir's strict {@code java.time} formats accepted before:
 *
 * <ul>
 *   <li>a year of 4 digits; of more only with a sign ({@code +10000}, {@code -0044}; {@code -0000}
 *       is not a year), within ±999,999,999;
 *   <li>{@code yyyy-MM-dd}: two-digit month and day, a day that the month has (no February 29 in a
 *       common year);
 *   <li>{@code HH:mm:ss}: hour 00-23, minute and second 00-59;
 *   <li>a timestamp: date, a space (or a {@code T} right after a four-digit year), time, then
 *       optionally {@code .} and 1 to 9 digits of a second, cut to milliseconds;
 *   <li>a time: {@code HH:mm}, optionally {@code :ss}, then optionally {@code .} and 0 to 9 digits.
 * </ul>
 *
 * Anything else throws {@link MalformedText}: a wrong value is never guessed (February 30 is an
 * error, not March 2), and one too far from 1970 to count in milliseconds (or, for a date, in days
 * of an int) is out of range rather than wrapped around.
 */
final class DateTimeText {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long MAX_YEAR = 999_999_999L;
    // Digits the year may have: as java.time's "uuuu" pattern (timestamps) and ISO date (dates).
    private static final int TIMESTAMP_YEAR_DIGITS = 19;
    private static final int DATE_YEAR_DIGITS = 10;
    // Days from 0000-03-01, where the counting below starts, to 1970-01-01.
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468L;
    private static final int DAYS_PER_400_YEARS = 146_097;

    private DateTimeText() {}

    /** Milliseconds since 1970-01-01 00:00 of a zone-less timestamp in {@code b[from, to)}. */
    static long timestamp(byte[] b, int from, int to) {
        Cursor c = new Cursor(b, from, to);
        long day = date(c, TIMESTAMP_YEAR_DIGITS);
        byte separator = c.next();
        if (separator != ' ' && !(separator == 'T' && c.pos - 1 - from == 10)) {
            throw MalformedText.invalid();
        }
        int hour = c.twoDigits(23);
        c.expect(':');
        int minute = c.twoDigits(59);
        c.expect(':');
        int second = c.twoDigits(59);
        int millis = 0;
        if (c.pos < to) {
            c.expect('.');
            millis = c.fractionMillis(1);
        }
        c.end();
        long millisOfDay = (hour * 3600L + minute * 60L + second) * 1000 + millis;
        try {
            // Before 1970 counted from the end of the day, so that the earliest millisecond a
            // long holds is reached without passing it.
            return day >= 0
                    ? Math.addExact(Math.multiplyExact(day, MILLIS_PER_DAY), millisOfDay)
                    : Math.addExact(
                            Math.multiplyExact(day + 1, MILLIS_PER_DAY),
                            millisOfDay - MILLIS_PER_DAY);
        } catch (ArithmeticException e) {
            throw MalformedText.outOfRange();
        }
    }

    /** Days since 1970-01-01 of a date {@code yyyy-MM-dd} in {@code b[from, to)}. */
    static int date(byte[] b, int from, int to) {
        Cursor c = new Cursor(b, from, to);
        long day = date(c, DATE_YEAR_DIGITS);
        c.end();
        if (day != (int) day) {
            throw MalformedText.outOfRange();
        }
        return (int) day;
    }

    /** Milliseconds since midnight of a time {@code HH:mm[:ss[.f]]} in {@code b[from, to)}. */
    static int time(byte[] b, int from, int to) {
        Cursor c = new Cursor(b, from, to);
        int hour = c.twoDigits(23);
        c.expect(':');
        int minute = c.twoDigits(59);
        int second = 0;
        int millis = 0;
        if (c.pos < to) {
            c.expect(':');
            second = c.twoDigits(59);
            if (c.pos < to) {
                c.expect('.');
                millis = c.fractionMillis(0);
            }
        }
        c.end();
        return ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    }

    /** Reads {@code year-MM-dd} and returns its days since 1970-01-01. */
    private static long date(Cursor c, int maxYearDigits) {
        long year = c.year(maxYearDigits);
        c.expect('-');
        int month = c.twoDigits(12);
        c.expect('-');
        int day = c.twoDigits(31);
        if (month == 0 || day == 0 || day > lengthOfMonth(year, month)) {
            throw MalformedText.invalid();
        }
        return epochDay(year, month, day);
    }

    static boolean isLeapYear(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /**
     * Days from 1970-01-01 to a valid date. The count runs from March 1, so that a leap day is the
     * last day of its counting year, in cycles of 400 years (146,097 days).
     */
    static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long cycle = Math.floorDiv(y, 400);
        long yearOfCycle = y - cycle * 400; // 0..399
        int monthFromMarch = month <= 2 ? month + 9 : month - 3; // 0..11
        // 153 days in each 5 months from March: 31, 30, 31, 30, 31.
        int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1; // 0..365
        long dayOfCycle = yearOfCycle * 365 + yearOfCycle / 4 - yearOfCycle / 100 + dayOfYear;
        return cycle * DAYS_PER_400_YEARS + dayOfCycle - DAYS_0000_03_01_TO_EPOCH;
    }

    /** A position in the bytes being parsed. */
    private static final class Cursor {
        private final byte[] b;
        private final int to;
        private int pos;

        Cursor(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.to = to;
        }

        byte next() {
            if (pos >= to) {
                throw MalformedText.invalid();
            }
            return b[pos++];
        }

        void expect(char c) {
            if (next() != c) {
                throw MalformedText.invalid();
            }
        }

        void end() {
            if (pos != to) {
                throw MalformedText.invalid();
            }
        }

        int digit() {
            int d = next() - '0';
            if (d < 0 || d > 9) {
                throw MalformedText.invalid();
            }
            return d;
        }

        /** Exactly two digits, at most {@code max}. */
        int twoDigits(int max) {
            int value = digit() * 10 + digit();
            if (value > max) {
                throw MalformedText.invalid();
            }
            return value;
        }

        /**
         * A year: four digits, or a sign and at least four ({@code +} only for more than four), at
         * most {@code maxDigits} of them.
         */
        long year(int maxDigits) {
            int signAt = pos;
            boolean negative = false;
            boolean positive = false;
            if (pos < to && (b[pos] == '-' || b[pos] == '+')) {
                negative = b[pos] == '-';
                positive = !negative;
                pos++;
            }
            int start = pos;
            long value = 0;
            while (pos < to && pos - start < maxDigits && b[pos] >= '0' && b[pos] <= '9') {
                // Past MAX_YEAR the value only has to stay past it: digits may run to 19.
                value = Math.min(value * 10 + (b[pos] - '0'), MAX_YEAR + 1);
                pos++;
            }
            int digits = pos - start;
            if (digits < 4
                    || (positive && digits == 4)
                    || (!positive && !negative && digits > 4)
                    || (negative && value == 0)
                    || value > MAX_YEAR) {
                pos = signAt;
                throw MalformedText.invalid();
            }
            return negative ? -value : value;
        }

        /** At least {@code minDigits} and at most 9 digits of a second, cut to milliseconds. */
        int fractionMillis(int minDigits) {
            int start = pos;
            int millis = 0;
            while (pos < to && pos - start < 9 && b[pos] >= '0' && b[pos] <= '9') {
                if (pos - start < 3) {
                    millis = millis * 10 + (b[pos] - '0');
                }
                pos++;
            }
            int digits = pos - start;
            if (digits < minDigits) {
                throw MalformedText.invalid();
            }
            for (int i = digits; i < 3; i++) {
                millis *= 10;
            }
            return millis;
        }
    }
}
