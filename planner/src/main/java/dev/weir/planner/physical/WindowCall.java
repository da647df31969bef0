package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.WindowSpec;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * A call of a windowing function (TUMBLE, HOP, CUMULATE, SESSION) as the plan describes it: its
 * windows, and the input field whose time places a row in them.
 *
 * @param spec the windows; a SESSION's keys are its input fields here
 * @param timeField the input field the DESCRIPTOR names
 */
record WindowCall(WindowSpec spec, int timeField) {
    private static final List<String> WINDOWING_FUNCTIONS =
            List.of("TUMBLE", "HOP", "SESSION", "CUMULATE");

    /** Whether {@code scan} calls a windowing function (rather than another table function). */
    static boolean isWindow(TableFunctionScan scan) {
        if (!(scan.getCall() instanceof RexCall call)) {
            return false;
        }
        return WINDOWING_FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    /** The windowing function an aggregate reads, directly or through one calc. */
    static Optional<TableFunctionScan> windowInput(Aggregate aggregate) {
        RelNode input = aggregate.getInput();
        if (input instanceof Calc calc) {
            input = calc.getInput();
        }
        return input instanceof TableFunctionScan scan && isWindow(scan)
                ? Optional.of(scan)
                : Optional.empty();
    }

    /** The windows of a windowing function's call; its operands are literals, as validated. */
    static WindowCall of(RexCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<RexNode> operands = call.getOperands();
        int timeField = descriptorField(operands.get(0));
        return switch (name) {
            case "TUMBLE" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.TUMBLE,
                                    millis(operands.get(1)),
                                    0,
                                    operands.size() > 2 ? millis(operands.get(2)) : 0,
                                    List.of()),
                            timeField);
            case "HOP" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.HOP,
                                    millis(operands.get(2)),
                                    millis(operands.get(1)),
                                    operands.size() > 3 ? millis(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "CUMULATE" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.CUMULATE,
                                    millis(operands.get(2)),
                                    millis(operands.get(1)),
                                    operands.size() > 3 ? millis(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "SESSION" -> {
                List<Integer> keys = new ArrayList<>();
                long gap;
                if (operands.size() > 2) {
                    keys.add(descriptorField(operands.get(1)));
                    gap = millis(operands.get(2));
                } else {
                    gap = millis(operands.get(1));
                }
                yield new WindowCall(
                        new WindowSpec(WindowSpec.Kind.SESSION, gap, 0, 0, keys), timeField);
            }
            default -> throw new IllegalStateException("not a window: " + name);
        };
    }

    /**
     * Windows are assigned to events: a windowing function's input must be a stream of inserts.
     *
     * @return {@code input}
     */
    static Translated requireAppendOnly(Translated input) {
        if (input.mode() != ChangelogMode.INSERT_ONLY) {
            throw UnsupportedQueries.windowInputNotAppendOnly(Optional.empty());
        }
        return input;
    }

    private static int descriptorField(RexNode descriptor) {
        RexNode operand = ((RexCall) descriptor).getOperands().get(0);
        return ((RexInputRef) operand).getIndex();
    }

    private static long millis(RexNode interval) {
        Long value = ((RexLiteral) interval).getValueAs(Long.class);
        if (value == null || value <= 0 && interval != null) {
            if (value != null && value == 0) {
                return 0;
            }
            throw Errors.invalidArgument(
                    "A window size, slide, step or gap must be a positive interval.");
        }
        return value;
    }
}
