package dev.weir.executor.connector.file;

import dev.weir.common.type.ValueType;
import java.util.Random;

/**
 * Random text for a value of a type: valid forms, their edges, and near misses (a digit too many or
 * too few, a day a month does not have, a sign where none belongs, other scripts' digits, spaces).
 * Years stay within ±999,999, where the old parsers' values fit their types.
 */
final class RandomText {
    private static final String[] SPACES = {" ", "\t", "\u3000", "\u00a0", "\u2003", "\u001f"};
    private static final String[] WORDS = {
        "true",
        "TRUE",
        "True",
        "false",
        "FaLsE",
        "fal\u017fe",
        "tru",
        "yes",
        "1",
        "",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x1F",
        "1d",
        "1f",
        "1_000",
        "+",
        "-",
        ".",
        "e",
        "1e",
        "1e+"
    };

    private RandomText() {}

    static String of(Random random, ValueType type) {
        String text =
                switch (type) {
                    case BOOLEAN -> WORDS[random.nextInt(WORDS.length)];
                    case TINYINT,
                            SMALLINT,
                            INTEGER,
                            BIGINT,
                            INTERVAL_DAY_TIME,
                            INTERVAL_YEAR_MONTH ->
                            integer(random);
                    case DECIMAL, REAL, DOUBLE -> decimal(random);
                    case VARCHAR -> random.nextBoolean() ? "plain text" : "t\u00e9xt \u20ac";
                    case DATE -> date(random);
                    case TIME -> time(random);
                    case TIMESTAMP -> timestamp(random);
                };
        int spaces = random.nextInt(12);
        if (spaces == 0) {
            text = SPACES[random.nextInt(SPACES.length)] + text;
        } else if (spaces == 1) {
            text = text + SPACES[random.nextInt(SPACES.length)];
        }
        return text;
    }

    private static String integer(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> edge(random);
            case 2 -> "+" + (random.nextInt(300) - 150);
            case 3 -> "000" + random.nextInt(1000);
            case 4 -> arabicDigits(Integer.toString(random.nextInt(100_000)));
            case 5 -> WORDS[random.nextInt(WORDS.length)];
            case 6 -> Long.toString(random.nextLong()) + random.nextInt(10);
            default -> Long.toString(random.nextLong() >> random.nextInt(64));
        };
    }

    private static String edge(Random random) {
        long[] edges = {
            Byte.MIN_VALUE,
            Byte.MAX_VALUE,
            Short.MIN_VALUE,
            Short.MAX_VALUE,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0
        };
        long e = edges[random.nextInt(edges.length)];
        return switch (random.nextInt(3)) {
            case 0 -> Long.toString(e);
            case 1 ->
                    new java.math.BigInteger(Long.toString(e))
                            .add(java.math.BigInteger.ONE)
                            .toString();
            default ->
                    new java.math.BigInteger(Long.toString(e))
                            .subtract(java.math.BigInteger.ONE)
                            .toString();
        };
    }

    private static String arabicDigits(String digits) {
        StringBuilder b = new StringBuilder();
        for (char c : digits.toCharArray()) {
            b.append(Character.isDigit(c) ? (char) ('\u0660' + (c - '0')) : c);
        }
        return b.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private static String decimal(Random random) {
        StringBuilder b = new StringBuilder();
        int sign = random.nextInt(4);
        b.append(sign == 0 ? "-" : sign == 1 ? "+" : "");
        int shape = random.nextInt(12);
        if (shape == 0) {
            return WORDS[random.nextInt(WORDS.length)];
        }
        if (shape == 1) {
            return b + Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        }
        if (shape == 2) {
            return b
                    + Float.toString(random.nextFloat() * (float) Math.pow(10, random.nextInt(20)));
        }
        b.append(digits(random, random.nextInt(shape == 3 ? 30 : 8)));
        if (random.nextInt(3) > 0) {
            b.append('.').append(digits(random, random.nextInt(shape == 4 ? 25 : 6)));
        }
        if (random.nextInt(5) == 0) {
            b.append(random.nextBoolean() ? 'e' : 'E');
            int s = random.nextInt(3);
            b.append(s == 0 ? "-" : s == 1 ? "+" : "");
            b.append(digits(random, random.nextInt(shape == 5 ? 12 : 3)));
        }
        return b.toString();
    }

    private static String year(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "+" + (10_000 + random.nextInt(990_000));
            case 1 -> "-" + String.format("%04d", random.nextInt(1_000_000));
            case 2 -> "+0" + String.format("%04d", random.nextInt(10_000));
            case 3 -> String.format("%05d", random.nextInt(100_000));
            case 4 -> String.format("%03d", random.nextInt(1000));
            case 5 -> "+" + String.format("%04d", random.nextInt(10_000));
            case 6 -> "+1000000000";
            default ->
                    String.format(
                            "%04d",
                            random.nextInt(3) == 0
                                    ? random.nextInt(10_000)
                                    : 1900 + random.nextInt(200));
        };
    }

    private static String twoDigits(Random random, int typicalMax, int sometimes) {
        int v = random.nextInt(20) == 0 ? random.nextInt(sometimes) : random.nextInt(typicalMax);
        return random.nextInt(40) == 0 ? Integer.toString(v) : String.format("%02d", v);
    }

    private static String date(Random random) {
        String month = twoDigits(random, 12, 14);
        if (random.nextInt(40) > 0 && month.equals("00")) {
            month = "01";
        }
        // Days near the ends of months, where leap years and month lengths matter.
        int d = random.nextInt(3) == 0 ? 28 + random.nextInt(4) : 1 + random.nextInt(31);
        String day =
                random.nextInt(30) == 0 ? twoDigits(random, 32, 100) : String.format("%02d", d);
        return year(random) + "-" + month + "-" + day;
    }

    private static String time(Random random) {
        StringBuilder b = new StringBuilder();
        b.append(twoDigits(random, 24, 26)).append(':').append(twoDigits(random, 60, 62));
        int rest = random.nextInt(10);
        if (rest > 1) {
            b.append(':').append(twoDigits(random, 60, 62));
            if (rest > 5) {
                b.append('.').append(digits(random, random.nextInt(11)));
            }
        } else if (rest == 1) {
            b.append(':');
        }
        return b.toString();
    }

    private static String timestamp(Random random) {
        String date = date(random);
        String separator = random.nextInt(6) == 0 ? "T" : random.nextInt(50) == 0 ? "  " : " ";
        String time = time(random);
        return date + separator + time;
    }
}
