package dev.weir.planner.validate;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Refuses a comparison of an interval with text ({@code INTERVAL '1' DAY = 'a'}), which Calcite's
 * validator lets through without a cast, so that the generated code compared a number with a string
 * and did not compile (found by the SQL fuzzer). Flink refuses it at validation too; a cast ({@code
 * CAST(s AS INTERVAL DAY)}) says which interval the text is.
 */
final class IncomparableTypes extends SqlBasicVisitor<Void> {
    private final SqlValidator validator;

    private IncomparableTypes(SqlValidator validator) {
        this.validator = validator;
    }

    /**
     * @throws WeirException TYPE_MISMATCH, at the first comparison of an interval with text
     */
    static void refuse(SqlNode validated, SqlValidator validator) {
        validated.accept(new IncomparableTypes(validator));
    }

    @Override
    public Void visit(SqlCall call) {
        if (call.getKind().belongsTo(SqlKind.COMPARISON) && call.operandCount() == 2) {
            RelDataType left = typeOf(call.operand(0));
            RelDataType right = typeOf(call.operand(1));
            if (left != null && right != null && intervalAndText(left, right)) {
                throw new WeirException(
                        ErrorCode.TYPE_MISMATCH,
                        Optional.of(Positions.of(call.getParserPosition())),
                        "Cannot compare "
                                + left.getFullTypeString().replace(" NOT NULL", "")
                                + " with "
                                + right.getFullTypeString().replace(" NOT NULL", "")
                                + ": cast the text to an interval type.");
            }
        }
        return super.visit(call);
    }

    private RelDataType typeOf(SqlNode node) {
        return node == null ? null : validator.getValidatedNodeTypeIfKnown(node);
    }

    private static boolean intervalAndText(RelDataType a, RelDataType b) {
        return SqlTypeUtil.isInterval(a) && SqlTypeUtil.inCharFamily(b)
                || SqlTypeUtil.isInterval(b) && SqlTypeUtil.inCharFamily(a);
    }
}
