package dev.weir.sqltests.oracle;

import dev.weir.sqltests.oracle.Expr.Type;
import java.util.Random;

/** Random aggregate calls, with an optional FILTER, in both dialects. */
final class Aggregates {
    private final Random random;

    Aggregates(Random random) {
        this.random = random;
    }

    Expr next(ExprGenerator g) {
        String fw = "";
        String fd = "";
        if (random.nextInt(4) == 0) {
            Expr p = g.predicate(1);
            fw = " FILTER (WHERE " + p.weir() + ")";
            fd = " FILTER (WHERE " + p.duck() + ")";
        }
        return call(g, fw, fd, random.nextInt(10));
    }

    /**
     * An OVER aggregate (COUNT, SUM, AVG, MIN or MAX, no DISTINCT): {@code weirOver} and {@code
     * duckOver} ({@code " OVER (...)"}) follow each aggregate call, as a FILTER would.
     */
    Expr over(ExprGenerator g, String weirOver, String duckOver) {
        int[] kinds = {0, 1, 3, 4, 5, 6, 7, 8, 9};
        Expr e = call(g, weirOver, duckOver, kinds[random.nextInt(kinds.length)]);
        return new Expr(e.weir(), e.duck(), e.type(), e.scale(), false);
    }

    private Expr call(ExprGenerator g, String fw, String fd, int kind) {
        switch (kind) {
            case 0:
                return Expr.of("COUNT(*)" + fw, "count(*)" + fd, Type.INT).asAggregate();
            case 1:
                {
                    Expr e = g.any(1);
                    return Expr.of(
                                    "COUNT(" + e.weir() + ")" + fw,
                                    "count(" + e.duck() + ")" + fd,
                                    Type.INT)
                            .asAggregate();
                }
            case 2:
                {
                    Expr e = g.any(random.nextInt(2));
                    return Expr.of(
                                    "COUNT(DISTINCT " + e.weir() + ")" + fw,
                                    "count(DISTINCT " + e.duck() + ")" + fd,
                                    Type.INT)
                            .asAggregate();
                }
            case 3:
            case 4:
                {
                    Expr e = numeric(g);
                    return new Expr(
                            "SUM(" + e.weir() + ")" + fw,
                            "sum(" + e.duck() + ")" + fd,
                            e.type(),
                            e.scale(),
                            true);
                }
            case 5:
            case 6:
                return avg(numeric(g), fw, fd);
            default:
                {
                    Type t =
                            new Type[] {
                                        Type.INT,
                                        Type.DECIMAL,
                                        Type.DOUBLE,
                                        Type.VARCHAR,
                                        Type.TIMESTAMP
                                    }
                                    [random.nextInt(5)];
                    Expr e = g.of(t, random.nextInt(2));
                    String f = random.nextBoolean() ? "MIN" : "MAX";
                    return new Expr(
                            f + "(" + e.weir() + ")" + fw,
                            f.toLowerCase(java.util.Locale.ROOT) + "(" + e.duck() + ")" + fd,
                            e.type(),
                            e.scale(),
                            true);
                }
        }
    }

    private Expr numeric(ExprGenerator g) {
        return switch (random.nextInt(3)) {
            case 0 -> g.intExpr(1);
            case 1 -> g.decimalExpr(1);
            default -> g.doubleExpr(1);
        };
    }

    /**
     * AVG keeps its argument's type in the dialect (Calcite): over integers it truncates toward
     * zero; over DECIMAL(p, s) it rounds half away from zero to scale s. DuckDB's AVG gives a
     * DOUBLE for both, so the reference computes the dialect's value exactly from SUM and COUNT, in
     * integers (a DOUBLE could not round x.xx5 correctly).
     */
    static Expr avg(Expr e, String fw, String fd) {
        String weir = "AVG(" + e.weir() + ")" + fw;
        return switch (e.type()) {
            case INT ->
                    Expr.of(
                                    weir,
                                    "CAST(trunc(avg(" + e.duck() + ")" + fd + ") AS BIGINT)",
                                    Type.INT)
                            .asAggregate();
            case DECIMAL -> {
                int s = e.scale();
                String sum = "CAST(sum(" + e.duck() + ")" + fd + " * 1000000 AS HUGEINT)";
                String den =
                        "(nullif(count("
                                + e.duck()
                                + ")"
                                + fd
                                + ", 0) * "
                                + "1"
                                + "0".repeat(6 - s)
                                + ")";
                String rounded =
                        "sign("
                                + sum
                                + ") * ((abs("
                                + sum
                                + ") * 2 + "
                                + den
                                + ") // (2 * "
                                + den
                                + "))";
                String unit = s == 0 ? "1" : "0." + "0".repeat(s - 1) + "1";
                yield new Expr(
                        weir,
                        "(CAST(" + rounded + " AS DECIMAL(38, 0)) * " + unit + ")",
                        Type.DECIMAL,
                        s,
                        true);
            }
            default -> Expr.of(weir, "avg(" + e.duck() + ")" + fd, Type.DOUBLE).asAggregate();
        };
    }
}
