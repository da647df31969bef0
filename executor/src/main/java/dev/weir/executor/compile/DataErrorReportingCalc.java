package dev.weir.executor.compile;

import dev.weir.common.error.Errors;
import dev.weir.common.function.Calc;
import dev.weir.common.function.ProcessingTime;

/**
 * A compiled calc whose failures on a row's values (an overflow, a division by zero, a string that
 * is not a number, a date or a boolean: what Calcite's runtime throws) are coded data errors naming
 * the expressions, not internal errors. The query fails with it, as a Flink job does.
 */
final class DataErrorReportingCalc implements Calc {
    private final Calc calc;
    private final String expressions;

    DataErrorReportingCalc(Calc calc, String expressions) {
        this.calc = calc;
        this.expressions = expressions;
    }

    @Override
    public boolean apply(Object[] in, Object[] out) {
        try {
            return calc.apply(in, out);
        } catch (NullPointerException
                | ClassCastException
                | IndexOutOfBoundsException
                | IllegalStateException
                | UnsupportedOperationException e) {
            throw e; // what generated code does wrong: a bug in Weir, reported as one
        } catch (RuntimeException e) {
            // What Calcite's runtime throws on a value (an overflow, '1x' as a number, 'a' as a
            // DATE or a BOOLEAN: CalciteException, which this package does not see by name).
            throw Errors.dataError(expressions, e);
        }
    }

    @Override
    public void open(ProcessingTime time) {
        calc.open(time);
    }
}
