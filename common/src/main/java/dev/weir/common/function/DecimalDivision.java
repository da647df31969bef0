package dev.weir.common.function;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * DECIMAL division as generated calc code calls it: the quotient to the scale of its SQL type,
 * rounded half away from zero, as Flink SQL computes it. Calcite's runtime divides to 16
 * significant digits whatever the type says, so a quotient typed {@code DECIMAL(21, 13)} came back
 * with 16 digits, and one with many integer digits lost its fraction.
 */
public final class DecimalDivision {
    private DecimalDivision() {}

    /**
     * {@code dividend / divisor} to {@code scale} digits after the point; NULL if either is NULL.
     *
     * @throws ArithmeticException "/ by zero" (DIVISION_BY_ZERO) when {@code divisor} is zero
     */
    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor, int scale) {
        if (dividend == null || divisor == null) {
            return null;
        }
        if (divisor.signum() == 0) {
            throw new ArithmeticException("/ by zero");
        }
        return dividend.divide(divisor, scale, RoundingMode.HALF_UP);
    }
}
