package dev.weir.planner.validate;

import dev.weir.parser.Positions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Puts the named arguments of a windowing function ({@code TUMBLE(SIZE => ..., DATA => ...)}) in
 * their declared order before validation. Calcite's window functions derive their row type from
 * operand 0 before the validator permutes named operands, so another order fails inside Calcite;
 * named arguments may come in any order (SQL:2016), and in the declared order they validate.
 *
 * <p>The calls are changed in place, as {@link SessionPartitionRewriter} changes them.
 */
final class NamedWindowArguments extends SqlBasicVisitor<Void> {
    private static final Map<String, List<String>> DECLARED =
            Map.of(
                    "TUMBLE", List.of("DATA", "TIMECOL", "SIZE", "OFFSET"),
                    "HOP", List.of("DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"),
                    "CUMULATE", List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"),
                    "SESSION", List.of("DATA", "TIMECOL", "KEY", "SIZE"));

    private NamedWindowArguments() {}

    static SqlNode rewrite(SqlNode node) {
        node.accept(new NamedWindowArguments());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        super.visit(call);
        List<String> declared = DECLARED.get(call.getOperator().getName().toUpperCase(Locale.ROOT));
        int firstNamed = firstNamed(call);
        if (declared == null || firstNamed < 0) {
            return null;
        }
        // Positional arguments before the named ones get their declared names, so that all are
        // named (Calcite validates a mix of the two wrongly here), then all take declared order.
        List<SqlNode> operands = new ArrayList<>();
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            operands.add(
                    i < firstNamed && i < declared.size()
                            ? SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(
                                    operand.getParserPosition(),
                                    operand,
                                    new SqlIdentifier(declared.get(i), operand.getParserPosition()))
                            : operand);
        }
        // An unknown name is refused here: Calcite's checks of a windowing function's operands
        // read the declared ones by position, and one missing fails inside them.
        for (SqlNode operand : operands) {
            if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT
                    && !declared.contains(nameOf((SqlCall) operand))) {
                SqlNode name = ((SqlCall) operand).operand(1);
                throw ValidationErrors.unknownParameter(
                        call.getOperator().getName().toUpperCase(Locale.ROOT),
                        nameOf((SqlCall) operand),
                        declared,
                        Positions.of(name.getParserPosition()));
            }
        }
        operands.sort(
                Comparator.comparingInt(
                        o -> {
                            int i = declared.indexOf(nameOf((SqlCall) o));
                            return i < 0 ? Integer.MAX_VALUE : i;
                        }));
        for (int i = 0; i < operands.size(); i++) {
            call.setOperand(i, operands.get(i));
        }
        return null;
    }

    /** The index of the first named argument if every one after it is named too, else -1. */
    private static int firstNamed(SqlCall call) {
        List<SqlNode> operands = call.getOperandList();
        int first = -1;
        for (int i = 0; i < operands.size(); i++) {
            boolean named =
                    operands.get(i) != null
                            && operands.get(i).getKind() == SqlKind.ARGUMENT_ASSIGNMENT;
            if (named && first < 0) {
                first = i;
            } else if (!named && first >= 0) {
                return -1; // a positional argument after a named one: the validator refuses it
            }
        }
        return first;
    }

    private static String nameOf(SqlCall assignment) {
        SqlNode name = assignment.operand(1);
        return name instanceof SqlIdentifier id
                ? id.getSimple().toUpperCase(Locale.ROOT)
                : name.toString().toUpperCase(Locale.ROOT);
    }
}
