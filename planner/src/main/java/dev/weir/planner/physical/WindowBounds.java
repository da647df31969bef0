package dev.weir.planner.physical;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;

/**
 * Which fields of a plan's rows are the bounds of the window each row belongs to, where every row
 * of a window comes before the watermark passes its end: the window_start and window_end of a
 * windowing function's rows, of a window aggregate's (grouped by both), of a GROUP BY of both
 * bounds of rows that have them (a window aggregate over attached windows) and of a window Top-N's,
 * passed through calcs as they are and through UNION ALL when every input has them at the same
 * places. A ranking partitioned by both is a window Top-N: it ranks each window's rows once the
 * watermark completes it (Flink's rule).
 *
 * @param start the field holding window_start
 * @param end the field holding window_end
 */
record WindowBounds(int start, int end) {
    /** The window bounds of {@code rel}'s rows, when they have them. */
    static Optional<WindowBounds> of(RelNode rel) {
        if (rel instanceof TableFunctionScan scan && WindowCall.isWindow(scan)) {
            int start = scan.getInput(0).getRowType().getFieldCount();
            return Optional.of(new WindowBounds(start, start + 1));
        }
        if (rel instanceof Calc calc) {
            return of(calc.getInput()).flatMap(b -> b.throughCalc(calc.getProgram()));
        }
        if (rel instanceof Window window) {
            return ofWindowTopN(window);
        }
        if (rel instanceof Aggregate aggregate) {
            Optional<WindowBounds> windowAggregate = ofWindowAggregate(aggregate);
            return windowAggregate.isPresent() ? windowAggregate : ofAttached(aggregate);
        }
        if (rel instanceof Union union && union.all) {
            Optional<WindowBounds> first = of(union.getInput(0));
            for (RelNode input : union.getInputs()) {
                if (!of(input).equals(first)) {
                    return Optional.empty();
                }
            }
            return first;
        }
        return Optional.empty();
    }

    /**
     * The window bounds of a ranking's input, when it partitions by both: then the ranking is a
     * window Top-N's, and its rows keep the bounds where they are (its input's fields come first).
     */
    static Optional<WindowBounds> ofWindowTopN(Window window) {
        if (window.groups.size() != 1 || window.groups.get(0).aggCalls.size() != 1) {
            return Optional.empty();
        }
        Window.Group group = window.groups.get(0);
        SqlKind kind = group.aggCalls.get(0).getKind();
        if (kind != SqlKind.ROW_NUMBER && kind != SqlKind.RANK && kind != SqlKind.DENSE_RANK) {
            return Optional.empty();
        }
        return of(window.getInput())
                .filter(b -> group.keys.get(b.start()) && group.keys.get(b.end()));
    }

    /** A window aggregate's bounds: where its group keys put window_start and window_end. */
    private static Optional<WindowBounds> ofWindowAggregate(Aggregate aggregate) {
        Optional<TableFunctionScan> window = WindowCall.windowInput(aggregate);
        if (window.isEmpty() || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return Optional.empty();
        }
        int windowStart = window.get().getInput(0).getRowType().getFieldCount();
        Optional<RexProgram> between =
                aggregate.getInput() instanceof Calc calc
                        ? Optional.of(calc.getProgram())
                        : Optional.empty();
        List<Integer> groups = aggregate.getGroupSet().asList();
        int start = -1;
        int end = -1;
        for (int position = 0; position < groups.size(); position++) {
            int field = groups.get(position);
            int source = field;
            if (between.isPresent()) {
                RexNode e = between.get().expandLocalRef(between.get().getProjectList().get(field));
                source = e instanceof RexInputRef ref ? ref.getIndex() : -1;
            }
            if (source == windowStart) {
                start = position;
            } else if (source == windowStart + 1) {
                end = position;
            }
        }
        return start >= 0 && end >= 0
                ? Optional.of(new WindowBounds(start, end))
                : Optional.empty();
    }

    /**
     * A GROUP BY of both bounds its input's rows carry (a window aggregate over attached windows,
     * see {@code AttachedWindowAggregates}): where its group keys put them.
     */
    static Optional<WindowBounds> ofAttached(Aggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return Optional.empty();
        }
        List<Integer> groups = aggregate.getGroupSet().asList();
        return of(aggregate.getInput())
                .filter(b -> groups.contains(b.start()) && groups.contains(b.end()))
                .map(b -> new WindowBounds(groups.indexOf(b.start()), groups.indexOf(b.end())));
    }

    /** The bounds where the calc puts them, when it passes both on as they are. */
    Optional<WindowBounds> throughCalc(RexProgram program) {
        int s = CalcTranslator.fieldThroughCalc(start, program);
        int e = CalcTranslator.fieldThroughCalc(end, program);
        return s >= 0 && e >= 0 ? Optional.of(new WindowBounds(s, e)) : Optional.empty();
    }
}
