package dev.weir.planner.validate;

import dev.weir.parser.Positions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Refuses, before validation, a windowing function call in {@code TABLE(...)} with fewer arguments
 * than it needs, or a DESCRIPTOR that names no column: Calcite's validator reads those arguments
 * without checking that they are there, and fails inside itself.
 */
final class WindowCallArity extends SqlBasicVisitor<Void> {
    /** Each windowing function's required arguments, as its signature reads. */
    private static final Map<String, String> SIGNATURES =
            Map.of(
                    "TUMBLE", "TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])",
                    "HOP", "HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])",
                    "CUMULATE", "CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])",
                    "SESSION", "SESSION(TABLE t [PARTITION BY key], DESCRIPTOR(ts), gap)");

    private static final Map<String, Integer> REQUIRED =
            Map.of("TUMBLE", 3, "HOP", 4, "CUMULATE", 4, "SESSION", 3);

    private WindowCallArity() {}

    static SqlNode check(SqlNode node) {
        node.accept(new WindowCallArity());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.COLLECTION_TABLE
                && call.operandCount() > 0
                && call.operand(0) instanceof SqlCall function) {
            checkFunction(function);
        }
        // Before validation DESCRIPTOR(...) may still be an unresolved function: go by its name.
        if (call.getOperator().getName().equalsIgnoreCase("DESCRIPTOR")
                && call.operandCount() == 0) {
            throw InvalidWindows.invalid(
                    Optional.of(Positions.of(call.getParserPosition())),
                    "DESCRIPTOR must name the time column the windows are over, as in"
                            + " DESCRIPTOR(ts).");
        }
        return super.visit(call);
    }

    private static void checkFunction(SqlCall function) {
        String name = function.getOperator().getName().toUpperCase(Locale.ROOT);
        Integer required = REQUIRED.get(name);
        if (required != null && function.operandCount() < required) {
            throw InvalidWindows.invalid(
                    Optional.of(Positions.of(function.getParserPosition())),
                    name
                            + " takes "
                            + required
                            + " arguments or more, "
                            + function.operandCount()
                            + " given: "
                            + SIGNATURES.get(name)
                            + ".");
        }
    }
}
