package dev.weir.sqltests.oracle;

import dev.weir.sqltests.oracle.Expr.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random typed expressions over the columns in scope, each rendered in both dialects. Where the
 * dialect (Calcite's semantics) and DuckDB differ for a legitimate reason, the DuckDB side is
 * written to compute the dialect's value; each such place says why.
 */
final class ExprGenerator {
    private final Random random;
    private final List<Expr> columns;

    ExprGenerator(Random random, List<Expr> columns) {
        this.random = random;
        this.columns = List.copyOf(columns);
    }

    List<Expr> columns() {
        return columns;
    }

    List<Expr> columnsOf(Type type) {
        List<Expr> found = new ArrayList<>();
        for (Expr c : columns) {
            if (c.type() == type) {
                found.add(c);
            }
        }
        return found;
    }

    /** A column of {@code type}, or a literal when none is in scope. */
    Expr column(Type type) {
        List<Expr> found = columnsOf(type);
        return found.isEmpty() ? literal(type) : found.get(random.nextInt(found.size()));
    }

    Expr any(int depth) {
        Type[] types = {
            Type.INT,
            Type.INT,
            Type.DECIMAL,
            Type.DOUBLE,
            Type.VARCHAR,
            Type.VARCHAR,
            Type.BOOLEAN,
            Type.TIMESTAMP
        };
        return of(types[random.nextInt(types.length)], depth);
    }

    Expr of(Type type, int depth) {
        return switch (type) {
            case INT -> intExpr(depth);
            case DECIMAL -> decimalExpr(depth);
            case DOUBLE -> doubleExpr(depth);
            case VARCHAR, CHAR -> stringExpr(depth);
            case BOOLEAN -> predicate(depth);
            case TIMESTAMP -> timestampExpr(depth);
            case DATE -> dateExpr();
        };
    }

    Expr literal(Type type) {
        return switch (type) {
            case INT -> Expr.same(String.valueOf(random.nextInt(11) - 3), Type.INT);
            case DECIMAL -> {
                String v = pick("12.5", "12.50", "0.25", "-1.5", "10", "0.005");
                int scale = v.contains(".") ? v.length() - v.indexOf('.') - 1 : 0;
                // A literal without a point is an INTEGER in both dialects: cast it, or AVG over
                // it would be rendered with the DECIMAL rule in the reference only.
                String literal = scale == 0 ? "CAST(" + v + " AS DECIMAL(2, 0))" : v;
                yield Expr.decimal(literal, literal, scale);
            }
            case DOUBLE -> Expr.same(pick("0.5E0", "-2.25E0", "100.0E0", "0.0E0"), Type.DOUBLE);
            case VARCHAR, CHAR ->
                    Expr.same(Literals.string(pick("a", "b", "é", "i", "I", "", "abc")), type);
            case BOOLEAN -> Expr.same(pick("TRUE", "FALSE"), Type.BOOLEAN);
            case TIMESTAMP -> Expr.same(Literals.timestamp(timeNearColumns()), Type.TIMESTAMP);
            case DATE -> Expr.same("DATE '2026-01-01'", Type.DATE);
        };
    }

    private long timeNearColumns() {
        long[] anchors = {1_767_225_600_000L, 0L, -30_000L, -2_208_988_800_000L};
        return anchors[random.nextInt(anchors.length)] + (random.nextInt(60) - 10) * 1000L;
    }

    Expr intExpr(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(4) == 0 ? literal(Type.INT) : column(Type.INT);
        }
        Expr a = intExpr(depth - 1);
        return switch (random.nextInt(15)) {
            case 0 -> binary(a, "+", intExpr(depth - 1), Type.INT);
            case 1 -> binary(a, "-", intExpr(depth - 1), Type.INT);
            case 2 -> binary(a, "*", literal(Type.INT), Type.INT);
            case 3 -> {
                // Integer division truncates toward zero in the dialect; DuckDB's '/' would give
                // a DOUBLE, its '//' truncates as Java does.
                String n = String.valueOf(pick(1, 2, 3, 7, -2));
                yield Expr.of(
                        "(" + a.weir() + " / " + n + ")",
                        "(" + a.duck() + " // " + n + ")",
                        Type.INT);
            }
            case 4 -> {
                String n = String.valueOf(pick(2, 3, 5, -3));
                // MOD takes the dividend's sign in both.
                yield Expr.of(
                        "MOD(" + a.weir() + ", " + n + ")",
                        "(" + a.duck() + " % " + n + ")",
                        Type.INT);
            }
            case 5 -> call("ABS", a, Type.INT);
            case 6 -> caseWhen(predicate(depth - 1), a, intExpr(depth - 1), Type.INT);
            case 7 -> call2("COALESCE", a, intExpr(depth - 1), Type.INT);
            case 8 -> call2("NULLIF", a, literal(Type.INT), Type.INT);
            case 9 -> {
                Expr s = stringExpr(depth - 1);
                yield Expr.of(
                        "CHAR_LENGTH(" + s.weir() + ")", "length(" + s.duck() + ")", Type.INT);
            }
            case 10 -> {
                String unit = pick("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND");
                Expr t = timestampExpr(depth - 1);
                yield Expr.of(
                        "EXTRACT(" + unit + " FROM " + t.weir() + ")",
                        "extract(" + unit + " FROM " + t.duck() + ")",
                        Type.INT);
            }
            case 11 -> {
                // CAST of a DECIMAL or DOUBLE to INTEGER truncates in Calcite; DuckDB rounds.
                Expr d = random.nextBoolean() ? decimalExpr(depth - 1) : doubleExpr(depth - 1);
                yield Expr.of(
                        "CAST(" + d.weir() + " AS INTEGER)",
                        "CAST(trunc(" + d.duck() + ") AS INTEGER)",
                        Type.INT);
            }
            case 12 -> {
                Expr s = column(Type.VARCHAR);
                String needle = Literals.string(pick("a", "b", "é", "i"));
                yield Expr.of(
                        "POSITION(" + needle + " IN " + s.weir() + ")",
                        "position(" + needle + " IN " + s.duck() + ")",
                        Type.INT);
            }
            case 13 -> {
                // TIMESTAMPDIFF counts whole units (truncated), as DuckDB's date_sub does. Both
                // ends come from one timestamp: the difference of two far apart (1900 and 2026)
                // overflows the INTEGER it returns (see FINDINGS.md).
                Expr t1 = timestampExpr(depth - 1);
                String unit = pick("MINUTE", "HOUR", "DAY");
                Expr t2 =
                        Expr.of(
                                "FLOOR(" + t1.weir() + " TO " + unit + ")",
                                "date_trunc('"
                                        + unit.toLowerCase(java.util.Locale.ROOT)
                                        + "', "
                                        + t1.duck()
                                        + ")",
                                Type.TIMESTAMP);
                yield Expr.of(
                        "TIMESTAMPDIFF(SECOND, " + t1.weir() + ", " + t2.weir() + ")",
                        "date_sub('second', " + t1.duck() + ", " + t2.duck() + ")",
                        Type.INT);
            }
            default -> negate(a);
        };
    }

    Expr decimalExpr(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(4) == 0 ? literal(Type.DECIMAL) : column(Type.DECIMAL);
        }
        Expr a = decimalExpr(depth - 1);
        return switch (random.nextInt(7)) {
            case 0 -> {
                Expr b = decimalExpr(depth - 1);
                yield new Expr(
                        "(" + a.weir() + " + " + b.weir() + ")",
                        "(" + a.duck() + " + " + b.duck() + ")",
                        Type.DECIMAL,
                        Math.max(a.scale(), b.scale()),
                        false);
            }
            case 1 -> {
                Expr n = intExpr(0);
                yield new Expr(
                        "(" + a.weir() + " * " + n.weir() + ")",
                        "(" + a.duck() + " * " + n.duck() + ")",
                        Type.DECIMAL,
                        a.scale(),
                        false);
            }
            case 2 -> negate(a);
            case 3 -> {
                int s = random.nextInt(3);
                Expr n = intExpr(depth - 1);
                yield Expr.decimal(
                        "CAST(" + n.weir() + " AS DECIMAL(8, " + s + "))",
                        "CAST(" + n.duck() + " AS DECIMAL(8, " + s + "))",
                        s);
            }
            case 4 -> {
                Expr b = decimalExpr(depth - 1);
                yield new Expr(
                        "COALESCE(" + a.weir() + ", " + b.weir() + ")",
                        "COALESCE(" + a.duck() + ", " + b.duck() + ")",
                        Type.DECIMAL,
                        Math.max(a.scale(), b.scale()),
                        false);
            }
            case 5 -> {
                Expr b = decimalExpr(depth - 1);
                Expr p = predicate(depth - 1);
                yield new Expr(
                        "CASE WHEN "
                                + p.weir()
                                + " THEN "
                                + a.weir()
                                + " ELSE "
                                + b.weir()
                                + " END",
                        "CASE WHEN "
                                + p.duck()
                                + " THEN "
                                + a.duck()
                                + " ELSE "
                                + b.duck()
                                + " END",
                        Type.DECIMAL,
                        Math.max(a.scale(), b.scale()),
                        false);
            }
            default ->
                    new Expr(
                            "ABS(" + a.weir() + ")",
                            "abs(" + a.duck() + ")",
                            Type.DECIMAL,
                            a.scale(),
                            false);
        };
    }

    private static Expr negate(Expr a) {
        // "- " with a space: "--" would start a comment.
        return new Expr("(- " + a.weir() + ")", "(- " + a.duck() + ")", a.type(), a.scale(), false);
    }

    Expr doubleExpr(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(4) == 0 ? literal(Type.DOUBLE) : column(Type.DOUBLE);
        }
        Expr a = doubleExpr(depth - 1);
        return switch (random.nextInt(5)) {
            case 0 -> binary(a, "+", doubleExpr(depth - 1), Type.DOUBLE);
            case 1 -> binary(a, "*", literal(Type.DOUBLE), Type.DOUBLE);
            case 2 -> {
                Expr i = intExpr(depth - 1);
                yield Expr.of(
                        "CAST(" + i.weir() + " AS DOUBLE)",
                        "CAST(" + i.duck() + " AS DOUBLE)",
                        Type.DOUBLE);
            }
            case 3 -> call("ABS", a, Type.DOUBLE);
            default -> negate(a);
        };
    }

    /**
     * Whether a blank-padded CHAR may come out: not inside predicates, where comparing a padded
     * CHAR with a VARCHAR follows PAD SPACE rules that the reference does not model.
     */
    private boolean allowChar = true;

    Expr stringExpr(int depth) {
        return stringExpr0(depth);
    }

    private Expr stringExpr0(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(5) == 0 ? literal(Type.VARCHAR) : column(Type.VARCHAR);
        }
        Expr a = stringExpr0(depth - 1);
        return switch (random.nextInt(11)) {
            // Java's toUpperCase(Locale.ROOT), as Calcite's runtime: 'i' becomes 'I' in any
            // locale (these tests run in a Turkish one).
            case 0 -> call("UPPER", a, Type.VARCHAR);
            case 1 -> call("LOWER", a, Type.VARCHAR);
            case 2 -> call("TRIM", a, Type.VARCHAR);
            case 3 -> {
                int from = 1 + random.nextInt(3);
                int len = random.nextInt(3);
                yield Expr.of(
                        "SUBSTRING(" + a.weir() + " FROM " + from + " FOR " + len + ")",
                        "substring(" + a.duck() + ", " + from + ", " + len + ")",
                        Type.VARCHAR);
            }
            case 4 -> {
                Expr b = stringExpr0(depth - 1);
                yield Expr.of(
                        "(" + a.weir() + " || " + b.weir() + ")",
                        "(" + a.duck() + " || " + b.duck() + ")",
                        Type.VARCHAR);
            }
            // Over two literals COALESCE would be a padded CHAR (Calcite's type): keep a column.
            case 5 ->
                    call2(
                            "COALESCE",
                            a.weir().startsWith("'") ? column(Type.VARCHAR) : a,
                            literal(Type.VARCHAR),
                            Type.VARCHAR);
            case 6 -> {
                Expr i = intExpr(depth - 1);
                yield Expr.of(
                        "CAST(" + i.weir() + " AS VARCHAR)",
                        "CAST(" + i.duck() + " AS VARCHAR)",
                        Type.VARCHAR);
            }
            case 7 -> {
                Expr d = decimalExpr(depth - 1);
                // Calcite writes a DECIMAL with its type's scale, as DuckDB does, but without
                // the zero before the point (0.5 is '.5', -0.5 is '-.5'; Calcite's
                // SqlFunctions.toString): the dialect's rule, so the reference drops it too.
                yield Expr.of(
                        "CAST(" + d.weir() + " AS VARCHAR)",
                        "regexp_replace(CAST(" + d.duck() + " AS VARCHAR), '^(-?)0[.]', '\\1.')",
                        Type.VARCHAR);
            }
            case 8 -> {
                Expr p = predicate(depth - 1);
                // Calcite writes booleans as TRUE / FALSE; DuckDB as true / false.
                yield Expr.of(
                        "CAST(" + p.weir() + " AS VARCHAR)",
                        "upper(CAST(" + p.duck() + " AS VARCHAR))",
                        Type.VARCHAR);
            }
            case 9 -> {
                String from = pick("a", "é", "i", " ");
                String to = pick("", "X", "ü");
                yield Expr.of(
                        "REPLACE("
                                + a.weir()
                                + ", "
                                + Literals.string(from)
                                + ", "
                                + Literals.string(to)
                                + ")",
                        "replace("
                                + a.duck()
                                + ", "
                                + Literals.string(from)
                                + ", "
                                + Literals.string(to)
                                + ")",
                        Type.VARCHAR);
            }
            default ->
                    allowChar ? paddedCase(predicate(depth - 1)) : call("UPPER", a, Type.VARCHAR);
        };
    }

    /**
     * {@code CASE WHEN p THEN 'big' ELSE 'small' END}: CHARs of different lengths meet as a VARCHAR
     * (as in Flink SQL and PostgreSQL), so 'big' comes back as it is written; only branches of one
     * length (or a single branch) stay a CHAR, which no value is padded in.
     */
    private Expr paddedCase(Expr p) {
        String a = pick("big", "lo", "é", "");
        String b = pick("small", "hi", "ü", "mid");
        boolean withElse = random.nextInt(4) > 0;
        String weir =
                "CASE WHEN "
                        + p.weir()
                        + " THEN "
                        + Literals.string(a)
                        + (withElse ? " ELSE " + Literals.string(b) : "")
                        + " END";
        String duck =
                "CASE WHEN "
                        + p.duck()
                        + " THEN "
                        + Literals.string(a)
                        + (withElse ? " ELSE " + Literals.string(b) : "")
                        + " END";
        boolean ragged = withElse && a.length() != b.length();
        return Expr.of(weir, duck, ragged ? Type.VARCHAR : Type.CHAR);
    }

    Expr timestampExpr(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(5) == 0 ? literal(Type.TIMESTAMP) : column(Type.TIMESTAMP);
        }
        Expr a = timestampExpr(depth - 1);
        return switch (random.nextInt(4)) {
            case 0 -> {
                long ms = pick(1000L, 500L, 60_000L, -2000L);
                String iv = "INTERVAL '" + Literals.seconds(Math.abs(ms)) + "' SECOND";
                String op = ms < 0 ? " - " : " + ";
                yield Expr.of(
                        "(" + a.weir() + op + iv + ")",
                        "(" + a.duck() + op + iv + ")",
                        Type.TIMESTAMP);
            }
            case 1 -> {
                String unit = pick("SECOND", "MINUTE", "HOUR", "DAY");
                yield Expr.of(
                        "FLOOR(" + a.weir() + " TO " + unit + ")",
                        "date_trunc('"
                                + unit.toLowerCase(java.util.Locale.ROOT)
                                + "', "
                                + a.duck()
                                + ")",
                        Type.TIMESTAMP);
            }
            case 2 -> {
                String unit = pick("SECOND", "MINUTE");
                String u = unit.toLowerCase(java.util.Locale.ROOT);
                // DuckDB has no CEIL for timestamps: the floor, plus one unit unless on the edge.
                String floor = "date_trunc('" + u + "', " + a.duck() + ")";
                yield Expr.of(
                        "CEIL(" + a.weir() + " TO " + unit + ")",
                        "CASE WHEN "
                                + floor
                                + " = "
                                + a.duck()
                                + " THEN "
                                + floor
                                + " ELSE "
                                + floor
                                + " + INTERVAL 1 "
                                + unit
                                + " END",
                        Type.TIMESTAMP);
            }
            default -> caseWhen(predicate(depth - 1), a, timestampExpr(depth - 1), Type.TIMESTAMP);
        };
    }

    Expr dateExpr() {
        Expr t = timestampExpr(1);
        return Expr.of(
                "CAST(" + t.weir() + " AS DATE)", "CAST(" + t.duck() + " AS DATE)", Type.DATE);
    }

    /** A predicate: SQL's three-valued logic holds the same in both. */
    Expr predicate(int depth) {
        boolean saved = allowChar;
        allowChar = false;
        try {
            return predicate0(depth);
        } finally {
            allowChar = saved;
        }
    }

    private Expr predicate0(int depth) {
        if (depth <= 0) {
            return comparison(0);
        }
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> comparison(depth - 1);
            case 3 -> {
                Expr a = predicate(depth - 1);
                Expr b = predicate(depth - 1);
                yield Expr.of(
                        "(" + a.weir() + " AND " + b.weir() + ")",
                        "(" + a.duck() + " AND " + b.duck() + ")",
                        Type.BOOLEAN);
            }
            case 4 -> {
                Expr a = predicate(depth - 1);
                Expr b = predicate(depth - 1);
                yield Expr.of(
                        "(" + a.weir() + " OR " + b.weir() + ")",
                        "(" + a.duck() + " OR " + b.duck() + ")",
                        Type.BOOLEAN);
            }
            case 5 -> {
                Expr a = predicate(depth - 1);
                yield Expr.of("(NOT " + a.weir() + ")", "(NOT " + a.duck() + ")", Type.BOOLEAN);
            }
            case 6 -> {
                Expr a = any(depth - 1);
                String op = pick(" IS NULL", " IS NOT NULL");
                yield Expr.of("(" + a.weir() + op + ")", "(" + a.duck() + op + ")", Type.BOOLEAN);
            }
            case 7 -> {
                Expr a = intExpr(depth - 1);
                int lo = random.nextInt(10) - 5;
                int hi = lo + random.nextInt(600);
                String between =
                        (random.nextBoolean() ? " BETWEEN " : " NOT BETWEEN ") + lo + " AND " + hi;
                yield Expr.of(
                        "(" + a.weir() + between + ")",
                        "(" + a.duck() + between + ")",
                        Type.BOOLEAN);
            }
            case 8 -> {
                Expr a = column(Type.VARCHAR);
                String pattern = Literals.string(pick("a%", "%é%", "_", "%i", "I%", "%", "a\\%b"));
                String like = random.nextBoolean() ? " LIKE " : " NOT LIKE ";
                yield Expr.of(
                        "(" + a.weir() + like + pattern + ")",
                        "(" + a.duck() + like + pattern + ")",
                        Type.BOOLEAN);
            }
            case 9 -> {
                Expr a = random.nextBoolean() ? intExpr(depth - 1) : column(Type.VARCHAR);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    items.add(literal(a.type()).weir());
                }
                String in =
                        (random.nextBoolean() ? " IN (" : " NOT IN (")
                                + String.join(", ", items)
                                + ")";
                yield Expr.of("(" + a.weir() + in + ")", "(" + a.duck() + in + ")", Type.BOOLEAN);
            }
            case 10 -> {
                Type t = pick(Type.INT, Type.VARCHAR, Type.DECIMAL);
                Expr a = of(t, depth - 1);
                Expr b = of(t, depth - 1);
                String op = pick(" IS DISTINCT FROM ", " IS NOT DISTINCT FROM ");
                yield Expr.of(
                        "(" + a.weir() + op + b.weir() + ")",
                        "(" + a.duck() + op + b.duck() + ")",
                        Type.BOOLEAN);
            }
            default -> {
                Expr b = column(Type.BOOLEAN);
                String op = pick("", " IS TRUE", " IS NOT FALSE", " IS UNKNOWN");
                if (op.equals(" IS UNKNOWN")) {
                    // IS UNKNOWN is IS NULL on a boolean; DuckDB knows only the latter.
                    yield Expr.of(
                            "(" + b.weir() + op + ")", "(" + b.duck() + " IS NULL)", Type.BOOLEAN);
                }
                yield Expr.of("(" + b.weir() + op + ")", "(" + b.duck() + op + ")", Type.BOOLEAN);
            }
        };
    }

    Expr comparison(int depth) {
        Type t = pick(Type.INT, Type.INT, Type.DECIMAL, Type.DOUBLE, Type.VARCHAR, Type.TIMESTAMP);
        Expr a = of(t, depth);
        Expr b = random.nextBoolean() ? literal(t) : of(t, depth);
        if (t == Type.DECIMAL && random.nextBoolean()) {
            b = literal(Type.INT); // DECIMAL against INTEGER
        }
        String op = pick(" = ", " <> ", " < ", " <= ", " > ", " >= ");
        return Expr.of(
                "(" + a.weir() + op + b.weir() + ")",
                "(" + a.duck() + op + b.duck() + ")",
                Type.BOOLEAN);
    }

    private static Expr binary(Expr a, String op, Expr b, Type type) {
        return Expr.of(
                "(" + a.weir() + " " + op + " " + b.weir() + ")",
                "(" + a.duck() + " " + op + " " + b.duck() + ")",
                type);
    }

    private static Expr call(String f, Expr a, Type type) {
        return Expr.of(
                f + "(" + a.weir() + ")",
                f.toLowerCase(java.util.Locale.ROOT) + "(" + a.duck() + ")",
                type);
    }

    private static Expr call2(String f, Expr a, Expr b, Type type) {
        return Expr.of(
                f + "(" + a.weir() + ", " + b.weir() + ")",
                f.toLowerCase(java.util.Locale.ROOT) + "(" + a.duck() + ", " + b.duck() + ")",
                type);
    }

    private static Expr caseWhen(Expr p, Expr a, Expr b, Type type) {
        return Expr.of(
                "CASE WHEN " + p.weir() + " THEN " + a.weir() + " ELSE " + b.weir() + " END",
                "CASE WHEN " + p.duck() + " THEN " + a.duck() + " ELSE " + b.duck() + " END",
                type);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
