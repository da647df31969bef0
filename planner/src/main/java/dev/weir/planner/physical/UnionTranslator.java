package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Union;

/**
 * UNION ALL: the rows of every input, as they come. It retracts if any input does. UNION without
 * ALL would need the count of each distinct row, which no operator keeps yet.
 */
final class UnionTranslator implements RelTranslator<Union> {
    @Override
    public Class<Union> relClass() {
        return Union.class;
    }

    @Override
    public Translated translate(Union union, TranslationContext context) {
        if (!union.all) {
            throw UnsupportedQueries.unionWithoutAll(Optional.empty());
        }
        List<Integer> inputs = new ArrayList<>();
        ChangelogMode mode = ChangelogMode.INSERT_ONLY;
        // Windowed inputs (windowed GROUPING SETS are a union of window aggregates) keep their
        // windows through the union when their window ends are the same field.
        Set<Integer> windowStarts = new HashSet<>();
        Set<Integer> windowEnds = new HashSet<>();
        boolean completedByWatermark = true;
        for (RelNode input : union.getInputs()) {
            Translated t = context.translate(input);
            inputs.add(t.id());
            if (t.mode() == ChangelogMode.RETRACT) {
                mode = ChangelogMode.RETRACT;
            }
            windowStarts.add(t.windowStart());
            windowEnds.add(t.windowEnd());
            completedByWatermark &= t.completedByWatermark();
        }
        List<FieldSpec> fields = ValueTypes.fieldsOf(union.getRowType());
        ChangelogMode unionMode = mode;
        int id = context.add(i -> new ExecNode.Union(i, inputs, fields, unionMode));
        int windowEnd = windowEnds.size() == 1 ? windowEnds.iterator().next() : -1;
        int windowStart =
                windowEnd >= 0 && windowStarts.size() == 1 ? windowStarts.iterator().next() : -1;
        return new Translated(
                id,
                fields,
                mode,
                List.of(),
                windowStart,
                windowEnd,
                windowEnd >= 0 && completedByWatermark);
    }
}
