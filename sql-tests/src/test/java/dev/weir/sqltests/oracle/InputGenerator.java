package dev.weir.sqltests.oracle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generates the streams {@code ev} (with out-of-order rows within the watermark's bound, late rows
 * beyond it, NULL times), {@code ev2} (out of order but never late: sessions and window joins read
 * it) and the table {@code dim}, from a seed: keys with skew, NULLs wherever a column allows them,
 * duplicate rows, times before 1970 and on and around window edges, DECIMALs written with mixed
 * scales, empty relations, non-ASCII strings.
 */
final class InputGenerator {
    /**
     * Keys, most frequent first. Strings go beyond ISO-8859-1 (Turkish, Greek, CJK) but stay in the
     * Basic Multilingual Plane: a supplementary character counts as two in CHAR_LENGTH and sorts by
     * UTF-16 unit in Weir (Calcite's Java strings), by code point in DuckDB.
     */
    private static final String[] KEYS = {"a", "b", "c", "é", "Ça", "", "i", "I"};

    private static final String[] STRINGS = {
        "iéü", "ÇAÑ", "naïve", "x y", " pad ", "", "i", "I", "abc", "ABC", "ığş", "Ωmega日本", "a%b",
        "o'k"
    };

    /** Time bases: one well after 1970, one straddling the epoch, one before it. */
    private static final long[] BASES = {1_767_225_600_000L, -30_000L, -2_208_988_800_000L};

    private static final long[] DELAYS = {0, 1000, 1500, 2000, 5000};

    private final Random random;

    InputGenerator(Random random) {
        this.random = random;
    }

    static Relation ev(long delay) {
        return new Relation(
                "ev",
                List.of(
                        new Column("k", Expr.Type.VARCHAR, -1, true),
                        new Column("g", Expr.Type.INT, -1, true),
                        new Column("x", Expr.Type.INT, -1, true),
                        new Column("d", Expr.Type.DECIMAL, 2, true),
                        new Column("f", Expr.Type.DOUBLE, -1, true),
                        new Column("s", Expr.Type.VARCHAR, -1, true),
                        new Column("b", Expr.Type.BOOLEAN, -1, true),
                        new Column("ts", Expr.Type.TIMESTAMP, -1, true),
                        new Column("ts2", Expr.Type.TIMESTAMP, -1, true)),
                Optional.of("ts"),
                delay,
                false,
                Optional.empty());
    }

    static Relation ev2(long delay) {
        return new Relation(
                "ev2",
                List.of(
                        new Column("k", Expr.Type.VARCHAR, -1, true),
                        new Column("y", Expr.Type.INT, -1, true),
                        new Column("e", Expr.Type.DECIMAL, 3, true),
                        new Column("ts", Expr.Type.TIMESTAMP, -1, false)),
                Optional.of("ts"),
                delay,
                true,
                Optional.empty());
    }

    static Relation dim() {
        return new Relation(
                "dim",
                List.of(
                        new Column("k", Expr.Type.VARCHAR, -1, false),
                        new Column("label", Expr.Type.VARCHAR, -1, true),
                        new Column("w", Expr.Type.INT, -1, true)),
                Optional.empty(),
                0,
                false,
                Optional.of("k"));
    }

    OracleInput generate() {
        Relation ev = ev(DELAYS[random.nextInt(DELAYS.length)]);
        Relation ev2 = ev2(DELAYS[1 + random.nextInt(DELAYS.length - 1)]);
        Relation dim = dim();
        long base = BASES[random.nextInt(BASES.length)];
        Map<String, List<Object[]>> rows = new LinkedHashMap<>();
        rows.put("ev", random.nextInt(10) == 0 ? List.of() : evRows(ev, base));
        rows.put("ev2", random.nextInt(8) == 0 ? List.of() : ev2Rows(ev2, base));
        rows.put("dim", random.nextInt(8) == 0 ? List.of() : dimRows());
        return new OracleInput(List.of(ev, ev2, dim), rows);
    }

    private List<Object[]> evRows(Relation ev, long base) {
        int n = 1 + random.nextInt(random.nextBoolean() ? 12 : 70);
        List<Object[]> rows = new ArrayList<>();
        long max = Long.MIN_VALUE;
        long frontier = base;
        for (int i = 0; i < n; i++) {
            if (!rows.isEmpty() && random.nextInt(10) == 0) {
                rows.add(rows.get(random.nextInt(rows.size())).clone()); // a duplicate
                continue;
            }
            Long t;
            int kind = random.nextInt(100);
            long watermark = max == Long.MIN_VALUE ? base : max - ev.delayMillis();
            if (kind < 5) {
                t = null;
            } else if (kind < 17 && max != Long.MIN_VALUE) {
                t = watermark - 1 - random.nextInt(4000); // late for most windows
            } else if (kind < 32 && max != Long.MIN_VALUE) {
                t = watermark + (ev.delayMillis() == 0 ? 0 : random.nextLong(ev.delayMillis() + 1));
            } else {
                frontier = advance(frontier);
                t = frontier;
            }
            if (t != null) {
                max = Math.max(max, t);
            }
            rows.add(
                    new Object[] {
                        key(),
                        random.nextInt(7) == 0 ? null : random.nextInt(6) - 2,
                        random.nextInt(7) == 0 ? null : intValue(),
                        random.nextInt(7) == 0 ? null : decimal(),
                        random.nextInt(7) == 0 ? null : random.nextInt(8001) / 4.0 - 1000,
                        random.nextInt(7) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)],
                        random.nextInt(5) == 0 ? null : random.nextBoolean(),
                        t,
                        t == null || random.nextInt(6) == 0 ? null : t + random.nextInt(6001) - 3000
                    });
        }
        if (random.nextBoolean() && max != Long.MIN_VALUE) {
            // A sentinel far ahead: its watermark completes every window before it.
            rows.add(new Object[] {"a", 1, 1, null, null, "sentinel", true, max + 3_600_000, null});
        }
        return rows;
    }

    private List<Object[]> ev2Rows(Relation ev2, long base) {
        int n = 1 + random.nextInt(random.nextBoolean() ? 10 : 40);
        List<Object[]> rows = new ArrayList<>();
        long max = Long.MIN_VALUE;
        long frontier = base;
        for (int i = 0; i < n; i++) {
            long watermark = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - ev2.delayMillis();
            if (!rows.isEmpty() && random.nextInt(10) == 0) {
                Object[] dup = rows.get(random.nextInt(rows.size()));
                if ((Long) dup[3] > watermark) {
                    rows.add(dup.clone());
                    continue;
                }
            }
            long t;
            if (max != Long.MIN_VALUE && random.nextInt(4) == 0) {
                // Out of order, but strictly after the watermark: never late.
                t = watermark + 1 + random.nextLong(ev2.delayMillis());
            } else {
                frontier = advance(frontier);
                t = Math.max(frontier, max == Long.MIN_VALUE ? frontier : watermark + 1);
            }
            max = Math.max(max, t);
            rows.add(
                    new Object[] {
                        key(),
                        random.nextInt(6) == 0 ? null : random.nextInt(21) - 10,
                        random.nextInt(6) == 0
                                ? null
                                : BigDecimal.valueOf(random.nextInt(4001) - 2000, 3),
                        t
                    });
        }
        return rows;
    }

    private List<Object[]> dimRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String k : new String[] {"a", "b", "é", "zz", "i", ""}) {
            if (random.nextInt(3) > 0) {
                rows.add(
                        new Object[] {
                            k,
                            random.nextInt(4) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)],
                            random.nextInt(4) == 0 ? null : random.nextInt(10) - 3
                        });
            }
        }
        return rows;
    }

    /** The next time ahead: often exactly on a second, or a millisecond either side of one. */
    private long advance(long frontier) {
        long next = frontier + random.nextInt(1800);
        return switch (random.nextInt(4)) {
            case 0 -> Math.floorDiv(next, 1000) * 1000;
            case 1 -> Math.floorDiv(next, 1000) * 1000 - 1 + 2 * random.nextInt(2);
            default -> next;
        };
    }

    private String key() {
        int r = random.nextInt(100);
        if (r < 12) {
            return null;
        }
        // Skewed: each key about half as likely as the one before it.
        int i = 0;
        while (i < KEYS.length - 1 && random.nextBoolean()) {
            i++;
        }
        return KEYS[i];
    }

    private int intValue() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3) - 1;
            case 1 -> random.nextInt(21) - 10;
            default -> random.nextInt(2001) - 1000;
        };
    }

    /** A DECIMAL(10,2) value written with one, two or three decimals: 12.5, 12.50, 12.500. */
    private BigDecimal decimal() {
        BigDecimal v = BigDecimal.valueOf(random.nextInt(41) - 20, 1).add(BigDecimal.TEN);
        if (random.nextInt(4) == 0) {
            v = BigDecimal.valueOf(random.nextInt(20001) - 10000, 2);
        }
        int scale = Math.max(v.stripTrailingZeros().scale(), 0) + random.nextInt(3);
        return v.setScale(Math.min(scale, 3));
    }
}
