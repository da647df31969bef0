package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import java.util.List;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;

/**
 * A windowing function whose rows are read as they are (no aggregate over it): each row comes out
 * once per window it falls in, with window_start and window_end appended. SESSION rows wait for
 * their session to close (its end is not known before), so they come out when the watermark passes
 * it; the other windows annotate a row at once.
 */
final class WindowAssignTranslator implements RelTranslator<TableFunctionScan> {
    @Override
    public Class<TableFunctionScan> relClass() {
        return TableFunctionScan.class;
    }

    @Override
    public boolean accepts(TableFunctionScan scan) {
        return WindowCall.isWindow(scan);
    }

    @Override
    public Translated translate(TableFunctionScan scan, TranslationContext context) {
        WindowCall window = WindowCall.of((RexCall) scan.getCall());
        Translated appendOnly = WindowCall.requireAppendOnly(context.translate(scan.getInput(0)));
        window.requireTimeAttribute(scan);
        Translated in = window.watermarked(scan, appendOnly, context);
        List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
        int id =
                context.add(
                        i ->
                                new ExecNode.WindowAssign(
                                        i, in.id(), fields, window.spec(), window.timeField()));
        // window_end is the last field: a window join joins on it.
        return new Translated(
                id,
                fields,
                ChangelogMode.INSERT_ONLY,
                List.of(),
                fields.size() - 2,
                fields.size() - 1,
                false);
    }
}
