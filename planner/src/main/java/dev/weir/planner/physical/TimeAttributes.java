package dev.weir.planner.physical;

import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.validate.CatalogSchema;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which columns of a plan's rows are event-time attributes: columns whose values the watermark
 * bounds, so that a row whose time the watermark has passed is late. Only those can place rows in
 * windows (a window over another column would be completed, and its late rows decided, by the
 * watermark of a column it does not read). As Flink's rules for rowtime attributes:
 *
 * <ul>
 *   <li>a stream's WATERMARK column;
 *   <li>passed through calcs unchanged (a filter keeps it; an expression over it is a plain value);
 *   <li>passed through TUMBLE, HOP and CUMULATE over event time without aggregation, which annotate
 *       each row at once (SESSION holds rows back until their session closes, so they come out
 *       late; over processing time the watermark above is the clock's);
 *   <li>the window_end of a windowed aggregate (also of a GROUP BY of both window bounds of rows
 *       that have them), which the watermark completes, and of a window Top-N, which emits a
 *       window's rows as the watermark completes it (not its other times: those rows come out after
 *       the watermark has passed them);
 *   <li>passed through OVER aggregates, which emit each row once the watermark passes it;
 *   <li>the same column of every input of a UNION ALL;
 *   <li>the left input's attributes through a temporal join, which emits each left row when the
 *       watermark reaches its time, before passing the watermark on.
 * </ul>
 *
 * Nothing else is: another join's or an aggregate's rows come out when other rows arrive, and a
 * table's or materialized view's rows carry no watermark.
 */
final class TimeAttributes {
    private TimeAttributes() {}

    /** The fields of {@code rel}'s rows that are event-time attributes. */
    static Set<Integer> of(RelNode rel) {
        if (rel instanceof TableScan scan) {
            return stream(scan);
        }
        if (rel instanceof Calc calc) {
            return throughCalc(of(calc.getInput()), calc.getProgram());
        }
        if (rel instanceof Window window) {
            // A window Top-N emits a window's rows as the watermark passes its end, before
            // passing the watermark on: window_end is an attribute, any earlier time is not.
            Optional<WindowBounds> windowTopN = WindowBounds.ofWindowTopN(window);
            if (windowTopN.isPresent()) {
                return Set.of(windowTopN.get().end());
            }
            // OVER aggregates emit each row once the watermark passes its time, before passing
            // the watermark on: its time stays an attribute (the input's fields come first).
            return of(window.getInput());
        }
        if (rel instanceof Aggregate aggregate) {
            Set<Integer> windowEnd = windowEnd(aggregate);
            // A GROUP BY of both bounds of rows that have them: a window aggregate over the rows'
            // own windows, which the watermark completes as it does a windowed aggregate's.
            return windowEnd.isEmpty()
                    ? WindowBounds.ofAttached(aggregate).map(b -> Set.of(b.end())).orElse(Set.of())
                    : windowEnd;
        }
        if (rel instanceof TableFunctionScan scan
                && WindowCall.isWindow(scan)
                && !((RexCall) scan.getCall())
                        .getOperator()
                        .getName()
                        .equalsIgnoreCase("SESSION")) {
            // Over processing time the watermark above is the clock's: the input's event times
            // are plain values there.
            return WindowCall.of((RexCall) scan.getCall()).onProcessingTime(scan)
                    ? Set.of()
                    : of(scan.getInput(0));
        }
        if (rel instanceof Join join && join.getRight() instanceof Snapshot) {
            return of(join.getLeft());
        }
        if (rel instanceof Union union && union.all) {
            return TimeAttributes.inEveryInput(union, TimeAttributes::of);
        }
        return Set.of();
    }

    /** The fields that are an attribute in every input of a UNION ALL. */
    static Set<Integer> inEveryInput(Union union, Function<RelNode, Set<Integer>> attributes) {
        Set<Integer> common = new TreeSet<>(attributes.apply(union.getInput(0)));
        for (RelNode input : union.getInputs()) {
            common.retainAll(attributes.apply(input));
        }
        return common;
    }

    private static Set<Integer> stream(TableScan scan) {
        CatalogSchema.ObjectTable table = scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
        if (table != null
                && table.object() instanceof StreamDef stream
                && stream.watermark().isPresent()) {
            int field = scan.getRowType().getFieldNames().indexOf(stream.watermarkColumn());
            return field < 0 ? Set.of() : Set.of(field);
        }
        return Set.of();
    }

    /**
     * The calc's outputs that are an input attribute as it is, or cast to a TIMESTAMP of the same
     * precision (Calcite's casts that change only whether a column may be NULL).
     */
    static Set<Integer> throughCalc(Set<Integer> input, RexProgram program) {
        Set<Integer> out = new TreeSet<>();
        var projects = program.getProjectList();
        for (int i = 0; i < projects.size(); i++) {
            RexNode e = program.expandLocalRef(projects.get(i));
            if (e.getKind() == SqlKind.CAST
                    && e.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
                    && ((RexCall) e).getOperands().get(0).getType().getSqlTypeName()
                            == SqlTypeName.TIMESTAMP
                    && ((RexCall) e).getOperands().get(0).getType().getPrecision()
                            == e.getType().getPrecision()) {
                e = ((RexCall) e).getOperands().get(0);
            }
            if (e instanceof RexInputRef ref && input.contains(ref.getIndex())) {
                out.add(i);
            }
        }
        return out;
    }

    /** A windowed aggregate's window_end, where it groups by it. */
    private static Set<Integer> windowEnd(Aggregate aggregate) {
        Optional<TableFunctionScan> window = WindowCall.windowInput(aggregate);
        if (window.isEmpty() || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return Set.of();
        }
        int windowEnd = window.get().getInput(0).getRowType().getFieldCount() + 1;
        Optional<RexProgram> between =
                aggregate.getInput() instanceof Calc calc
                        ? Optional.of(calc.getProgram())
                        : Optional.empty();
        var groups = new ArrayList<>(aggregate.getGroupSet().asList());
        for (int position = 0; position < groups.size(); position++) {
            int field = groups.get(position);
            RexNode e =
                    between.isEmpty()
                            ? new RexInputRef(
                                    field,
                                    aggregate
                                            .getInput()
                                            .getRowType()
                                            .getFieldList()
                                            .get(field)
                                            .getType())
                            : between.get()
                                    .expandLocalRef(between.get().getProjectList().get(field));
            if (e instanceof RexInputRef ref && ref.getIndex() == windowEnd) {
                return Set.of(position);
            }
        }
        return Set.of();
    }
}
