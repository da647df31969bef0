package dev.weir.planner.validate;

import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;

/**
 * The safety net of {@link WeirRexBuilder}'s truncating integer casts: a cast that reached the
 * converted plan without passing through {@code makeCast} (Calcite builds a few directly) is
 * rewritten to the cast of {@code TRUNCATE(x, 0)} here, before the planner folds constants.
 */
final class IntegerCastTruncation extends RexShuttle {
    private final RexBuilder rexBuilder;

    private IntegerCastTruncation(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    /** {@code rel} and every operator under it, with truncating integer casts. */
    static RelNode apply(RelNode rel, RexBuilder rexBuilder) {
        IntegerCastTruncation casts = new IntegerCastTruncation(rexBuilder);
        return rel.accept(
                new RelHomogeneousShuttle() {
                    @Override
                    public RelNode visit(RelNode other) {
                        return super.visit(other).accept(casts);
                    }
                });
    }

    @Override
    public RexNode visitCall(RexCall call) {
        RexCall visited = (RexCall) super.visitCall(call);
        if (!isCast(visited)
                || !WeirRexBuilder.truncatesTo(visited.getType(), visited.getOperands().get(0))) {
            return visited;
        }
        RexNode truncated = WeirRexBuilder.truncated(rexBuilder, visited.getOperands().get(0));
        return rexBuilder.makeCall(visited.getType(), visited.getOperator(), List.of(truncated));
    }

    private static boolean isCast(RexCall call) {
        return call.getKind() == SqlKind.CAST || call.getKind() == SqlKind.SAFE_CAST;
    }
}
