package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Works around Calcite's code generation of a call with a flag operand ({@code FLOOR(ts TO
 * MINUTE)}, {@code EXTRACT(HOUR FROM ts)}, {@code TRIM(BOTH ...)}) inside a CASE branch when the
 * same flag was already used outside it: the branch's translator inherits the flag's generated
 * variable but not the constant behind it, and fails ({@code NullPointerException: timeUnitRange}).
 *
 * <p>Such calls over columns and constants are total (they never fail; NULL in, NULL out), so they
 * are computed first, as extra leading projections nobody reads: every later use, in a branch or
 * not, reuses the computed value instead of generating the call again.
 */
final class FlaggedCallHoisting {
    /** The program to generate code for, and how many leading projections are only hoisted. */
    record Hoisted(RexProgram program, int extraProjections) {}

    private FlaggedCallHoisting() {}

    static Hoisted of(RexProgram program, RexBuilder rexBuilder) {
        List<RexNode> projects = new ArrayList<>();
        for (RexLocalRef project : program.getProjectList()) {
            projects.add(program.expandLocalRef(project));
        }
        Set<RexCall> flagged = new LinkedHashSet<>();
        FlaggedCalls finder = new FlaggedCalls(flagged);
        projects.forEach(p -> p.accept(finder));
        if (flagged.isEmpty()) {
            return new Hoisted(program, 0);
        }
        RexProgramBuilder builder = new RexProgramBuilder(program.getInputRowType(), rexBuilder);
        int i = 0;
        for (RexCall call : flagged) {
            builder.addProject(call, "$hoisted" + i++);
        }
        List<RelDataTypeField> fields = program.getOutputRowType().getFieldList();
        for (int p = 0; p < projects.size(); p++) {
            builder.addProject(projects.get(p), fields.get(p).getName());
        }
        if (program.getCondition() != null) {
            builder.addCondition(program.expandLocalRef(program.getCondition()));
        }
        return new Hoisted(builder.getProgram(false), flagged.size());
    }

    /** Collects the calls with a flag operand whose other operands are columns or constants. */
    private static final class FlaggedCalls extends RexVisitorImpl<Void> {
        private final Set<RexCall> found;

        FlaggedCalls(Set<RexCall> found) {
            super(true);
            this.found = found;
        }

        @Override
        public Void visitCall(RexCall call) {
            boolean hasFlag = false;
            boolean simple = true;
            for (RexNode operand : call.getOperands()) {
                if (operand instanceof RexLiteral literal
                        && literal.getTypeName() == SqlTypeName.SYMBOL) {
                    hasFlag = true;
                } else if (!(operand instanceof RexInputRef || operand instanceof RexLiteral)) {
                    simple = false;
                }
            }
            if (hasFlag && simple) {
                found.add(call);
            }
            return super.visitCall(call);
        }
    }
}
