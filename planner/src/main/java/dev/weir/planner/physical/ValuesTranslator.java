package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexLiteral;

/** Constant rows ({@code VALUES}, {@code SELECT 1}): a source that appends them once. */
final class ValuesTranslator implements RelTranslator<Values> {
    @Override
    public Class<Values> relClass() {
        return Values.class;
    }

    @Override
    public Translated translate(Values values, TranslationContext context) {
        List<FieldSpec> fields = ValueTypes.fieldsOf(values.getRowType());
        List<List<Object>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                row.add(ValueTypes.internalValue(tuple.get(i), fields.get(i).type()));
            }
            rows.add(row);
        }
        int id = context.add(i -> new ExecNode.Values(i, fields, rows));
        return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }
}
