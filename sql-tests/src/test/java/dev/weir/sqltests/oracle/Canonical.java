package dev.weir.sqltests.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One text form for the values both engines hand out, so that rows compare as strings. Each
 * normalization is here for a difference of representation, never of value:
 *
 * <ul>
 *   <li>numbers compare by value: an INTEGER 5 and DuckDB's HUGEINT 5 are equal, and a DECIMAL
 *       prints without trailing zeros (12.50 and 12.5 are one value; DuckDB's SUM widens the
 *       scale). That a DECIMAL result has its column's declared scale is checked apart ({@link
 *       WeirRealizer}), so a scale kept as written is still found;
 *   <li>DOUBLEs round to 10 significant digits: the two engines may add in another order or keep
 *       more precision in between (the generated doubles are quarters, whose sums are exact);
 *   <li>timestamps and dates are numbers in both (epoch milliseconds, days; see {@link
 *       Expr#duckOutput()}): no time zone or format enters;
 *   <li>strings are quoted, so that blank padding shows.
 * </ul>
 */
final class Canonical {
    private static final MathContext DOUBLE_DIGITS = new MathContext(10);

    private Canonical() {}

    static String value(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            return plain(new BigDecimal(d).round(DOUBLE_DIGITS));
        }
        if (v instanceof BigDecimal d) {
            return plain(d);
        }
        if (v instanceof BigInteger
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return v.toString();
    }

    private static String plain(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    static String row(Object[] values, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width; i++) {
            b.append(i == 0 ? "" : " | ").append(value(values[i]));
        }
        return b.toString();
    }

    static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        out.sort(String::compareTo);
        return out;
    }
}
