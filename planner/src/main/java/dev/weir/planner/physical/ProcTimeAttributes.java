package dev.weir.planner.physical;

import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.validate.CatalogSchema;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rex.RexInputRef;

/**
 * Which columns of a plan's rows are processing-time attributes, as Flink's rules for proctime
 * attributes: a stream's {@code AS PROCTIME()} column, passed through calcs unchanged (a filter
 * keeps it; an expression over it is a plain value), through the left side of a lookup join (not of
 * an event-time temporal join, which holds rows back), and the same column of every input of a
 * UNION ALL. Only such a column can stand after {@code FOR SYSTEM_TIME AS OF} in a lookup join.
 */
final class ProcTimeAttributes {
    private ProcTimeAttributes() {}

    /** The fields of {@code rel}'s rows that are processing-time attributes. */
    static Set<Integer> of(RelNode rel) {
        if (rel instanceof TableScan scan) {
            CatalogSchema.ObjectTable table =
                    scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
            if (table != null
                    && table.object() instanceof StreamDef stream
                    && stream.procTime().isPresent()) {
                return Set.of(stream.procTimePosition());
            }
            return Set.of();
        }
        if (rel instanceof Calc calc) {
            return TimeAttributes.throughCalc(of(calc.getInput()), calc.getProgram());
        }
        if (rel instanceof Join join && join.getRight() instanceof Snapshot snapshot) {
            // A lookup join (AS OF the left's processing time) emits each row as it is read; an
            // event-time temporal join holds rows until the watermark reaches them, so by then
            // their processing time is a past reading, a plain value.
            Set<Integer> left = of(join.getLeft());
            return snapshot.getPeriod() instanceof RexInputRef period
                            && left.contains(period.getIndex())
                    ? left
                    : Set.of();
        }
        if (rel instanceof Union union && union.all) {
            return TimeAttributes.inEveryInput(union, ProcTimeAttributes::of);
        }
        return Set.of();
    }
}
