package dev.weir.planner.physical;

import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.planner.validate.OverQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;

/**
 * A filter and projection (Calcite's Calc, which the rewrites fuse them into), compiled to Java
 * source the executor compiles once. A calc neither adds nor retracts rows of its own, so it keeps
 * its input's changelog mode; whatever keys and window ends it passes through as plain columns it
 * keeps too.
 *
 * <p>The other translators make their calcs here too ({@link #calc}): before and after a window
 * aggregate, and around a group aggregate.
 */
final class CalcTranslator implements RelTranslator<Calc> {
    @Override
    public Class<Calc> relClass() {
        return Calc.class;
    }

    @Override
    public Translated translate(Calc calc, TranslationContext context) {
        Translated input = context.translate(calc.getInput());
        Translated result = calc(input, calc.getProgram(), context);
        return new Translated(
                result.id(),
                result.fields(),
                input.mode(),
                keyThroughCalc(input.key(), calc.getProgram()),
                fieldThroughCalc(input.windowStart(), calc.getProgram()),
                fieldThroughCalc(input.windowEnd(), calc.getProgram()),
                input.completedByWatermark());
    }

    /**
     * Adds a calc node running {@code program} over {@code input}'s rows. What the result is keyed
     * by is for the caller to say: the calc's output says nothing of it.
     */
    static Translated calc(Translated input, RexProgram program, TranslationContext context) {
        if (RexOver.containsOver(program)) {
            // Validation refuses OVER with its position; a view's query is refused here.
            throw OverQueries.unsupported(Optional.empty());
        }
        String code = CalcCodeGenerator.generate(program, context.typeFactory());
        List<FieldSpec> fields = ValueTypes.fieldsOf(program.getOutputRowType());
        String text =
                program.getCondition() == null
                        ? ""
                        : "where=[" + program.expandLocalRef(program.getCondition()) + "], ";
        int id =
                context.add(
                        i ->
                                new ExecNode.Calc(
                                        i,
                                        input.id(),
                                        fields,
                                        input.mode(),
                                        code,
                                        text
                                                + "select="
                                                + program.getOutputRowType().getFieldNames()));
        return Translated.of(id, fields, input.mode(), List.of());
    }

    /** Where the calc puts input field {@code field} (as a plain column), or -1. */
    static int fieldThroughCalc(int field, RexProgram program) {
        if (field < 0) {
            return -1;
        }
        List<Integer> mapped = keyThroughCalc(List.of(field), program);
        return mapped.isEmpty() ? -1 : mapped.get(0);
    }

    /**
     * Where the calc puts the input's key fields, as plain columns; empty when it drops or computes
     * any of them (then its rows have no key the result can name).
     */
    static List<Integer> keyThroughCalc(List<Integer> key, RexProgram program) {
        if (key.isEmpty()) {
            return key;
        }
        List<Integer> mapped = new ArrayList<>();
        List<RexNode> projects =
                program.getProjectList().stream().map(program::expandLocalRef).toList();
        for (int k : key) {
            int found = -1;
            for (int i = 0; i < projects.size(); i++) {
                if (projects.get(i) instanceof RexInputRef ref && ref.getIndex() == k) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return List.of();
            }
            mapped.add(found);
        }
        return mapped;
    }
}
