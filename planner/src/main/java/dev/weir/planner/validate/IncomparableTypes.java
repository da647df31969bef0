package dev.weir.planner.validate;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Refuses a comparison of a character string with an interval ({@code tag = INTERVAL '0' SECOND}):
 * Calcite's validator lets it through, but there is no value to compare them as (Flink SQL refuses
 * it too), and the generated code would find no method to call. Found by the SQL fuzzer.
 */
final class IncomparableTypes extends SqlBasicVisitor<Void> {
    private final SqlValidator validator;

    private IncomparableTypes(SqlValidator validator) {
        this.validator = validator;
    }

    /**
     * @throws WeirException TYPE_MISMATCH, at the first such comparison
     */
    static void refuse(SqlNode validated, SqlValidator validator) {
        validated.accept(new IncomparableTypes(validator));
    }

    @Override
    public Void visit(SqlCall call) {
        if (call.getKind().belongsTo(SqlKind.BINARY_COMPARISON) && call.operandCount() == 2) {
            RelDataType left = typeOf(call.operand(0));
            RelDataType right = typeOf(call.operand(1));
            if (left != null
                    && right != null
                    && (isText(left) && isInterval(right) || isInterval(left) && isText(right))) {
                throw new WeirException(
                        ErrorCode.TYPE_MISMATCH,
                        Optional.of(Positions.of(call.getParserPosition())),
                        "Cannot compare "
                                + (isText(left)
                                        ? "a character string with an interval"
                                        : "an interval with a character string")
                                + ": CAST one to the other's type.");
            }
        }
        return super.visit(call);
    }

    private RelDataType typeOf(SqlNode node) {
        return node == null ? null : validator.getValidatedNodeTypeIfKnown(node);
    }

    private static boolean isText(RelDataType type) {
        return SqlTypeUtil.inCharFamily(type);
    }

    private static boolean isInterval(RelDataType type) {
        return SqlTypeUtil.isInterval(type)
                || type.getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME
                || type.getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
    }
}
