package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ProcTimeWatermark;
import dev.weir.plan.WindowSpec;
import dev.weir.planner.validate.InvalidWindows;
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
import org.apache.calcite.sql.type.SqlTypeName;

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
                                    positive(operands.get(1), "size"),
                                    0,
                                    operands.size() > 2 ? offset(operands.get(2)) : 0,
                                    List.of()),
                            timeField);
            case "HOP" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.HOP,
                                    positive(operands.get(2), "size"),
                                    positive(operands.get(1), "slide"),
                                    operands.size() > 3 ? offset(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "CUMULATE" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.CUMULATE,
                                    cumulateSize(operands.get(2), operands.get(1)),
                                    positive(operands.get(1), "step"),
                                    operands.size() > 3 ? offset(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "SESSION" -> {
                List<Integer> keys = new ArrayList<>();
                long gap;
                if (operands.size() > 2) {
                    keys.add(descriptorField(operands.get(1)));
                    gap = positive(operands.get(2), "gap");
                } else {
                    gap = positive(operands.get(1), "gap");
                }
                yield new WindowCall(
                        new WindowSpec(WindowSpec.Kind.SESSION, gap, 0, 0, keys), timeField);
            }
            default -> throw new IllegalStateException("not a window: " + name);
        };
    }

    /**
     * A window's DESCRIPTOR must name an event-time attribute of its input ({@link TimeAttributes})
     * or a processing-time attribute ({@link ProcTimeAttributes}). Validation has refused, with its
     * position, a DESCRIPTOR that names another column of a stream read directly; over a query or a
     * view it is refused here.
     */
    void requireTimeAttribute(TableFunctionScan scan) {
        RelNode input = scan.getInput(0);
        if (!TimeAttributes.of(input).contains(timeField) && !onProcessingTime(scan)) {
            throw InvalidWindows.notTimeAttribute(
                    input.getRowType().getFieldNames().get(timeField), Optional.empty());
        }
    }

    /** Whether the DESCRIPTOR names a processing-time attribute: the windows are the clock's. */
    boolean onProcessingTime(TableFunctionScan scan) {
        return ProcTimeAttributes.of(scan.getInput(0)).contains(timeField);
    }

    /**
     * {@code input} as a window over {@code scan} reads it: for a processing-time window, under a
     * {@link ProcTimeWatermark}, whose watermark is the clock; otherwise as it is.
     */
    Translated watermarked(TableFunctionScan scan, Translated input, TranslationContext context) {
        if (!onProcessingTime(scan)) {
            return input;
        }
        int id =
                context.add(
                        i ->
                                new ProcTimeWatermark(
                                        i,
                                        input.id(),
                                        input.fields(),
                                        ProcTimeWatermark.DEFAULT_TICK_MILLIS));
        return Translated.of(id, input.fields(), input.mode(), input.key());
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

    private static long cumulateSize(RexNode size, RexNode step) {
        long sizeMillis = positive(size, "size");
        long stepMillis = positive(step, "step");
        if (sizeMillis % stepMillis != 0) {
            throw InvalidWindows.cumulateSizeNotMultipleOfStep(
                    sizeMillis, stepMillis, Optional.empty());
        }
        return sizeMillis;
    }

    /**
     * A size, slide, step or gap: a positive day-time interval. Validation has refused the others
     * with their positions ({@code WindowArguments}); a view's query, validated when it was
     * created, is refused here.
     */
    private static long positive(RexNode interval, String what) {
        long value = millis(interval, what);
        if (value <= 0) {
            throw InvalidWindows.notPositive(what, Optional.empty());
        }
        return value;
    }

    private static long offset(RexNode interval) {
        long value = millis(interval, "offset");
        if (value < 0) {
            throw InvalidWindows.negativeOffset(Optional.empty());
        }
        return value;
    }

    private static long millis(RexNode interval, String what) {
        if (!(interval instanceof RexLiteral literal)
                || !SqlTypeName.DAY_INTERVAL_TYPES.contains(literal.getTypeName())) {
            throw InvalidWindows.notDayTimeLiteral(what, Optional.empty());
        }
        Long value = literal.getValueAs(Long.class);
        if (value == null) {
            throw InvalidWindows.notDayTimeLiteral(what, Optional.empty());
        }
        return value;
    }
}
