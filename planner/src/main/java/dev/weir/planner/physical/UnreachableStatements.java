package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.tree.BlockStatement;
import org.apache.calcite.linq4j.tree.ConditionalStatement;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.GotoExpressionKind;
import org.apache.calcite.linq4j.tree.GotoStatement;
import org.apache.calcite.linq4j.tree.Node;
import org.apache.calcite.linq4j.tree.Shuttle;
import org.apache.calcite.linq4j.tree.Statement;
import org.apache.calcite.linq4j.tree.ThrowStatement;

/**
 * Drops the statements no path reaches: those after a statement that never completes normally (a
 * return, a throw, an if whose branches all do). Java refuses such code ("Statement is
 * unreachable"), and linq4j's optimizing {@code BlockBuilder} makes it whenever a condition is a
 * constant: {@code if (!false) return false;} becomes {@code return false;} with the projections
 * still after it. Calcite folds constants out of any expression, so the generator runs every method
 * body through this rather than guessing where a constant may appear.
 */
final class UnreachableStatements extends Shuttle {
    static final UnreachableStatements INSTANCE = new UnreachableStatements();

    private UnreachableStatements() {}

    @Override
    public BlockStatement visit(BlockStatement block, List<Statement> statements) {
        List<Statement> reachable = new ArrayList<>();
        for (Statement statement : statements) {
            reachable.add(statement);
            if (!completesNormally(statement)) {
                break;
            }
        }
        return reachable.equals(block.statements) ? block : Expressions.block(reachable);
    }

    /** As the Java Language Specification (14.22) decides it, for the statements linq4j makes. */
    private static boolean completesNormally(Statement statement) {
        if (statement instanceof GotoStatement jump) {
            // linq4j writes an expression statement as a "goto" of kind Sequence too.
            return jump.kind == GotoExpressionKind.Sequence;
        }
        if (statement instanceof ThrowStatement) {
            return false;
        }
        if (statement instanceof BlockStatement block) {
            return block.statements.stream().allMatch(UnreachableStatements::completesNormally);
        }
        if (statement instanceof ConditionalStatement conditional) {
            // if (c1) s1 else if (c2) s2 ... [else sN]: the nodes alternate condition, statement.
            List<Node> nodes = conditional.expressionList;
            if (nodes.size() % 2 == 0) {
                return true; // no final else: when no condition holds, nothing runs
            }
            for (int i = 1; i < nodes.size(); i += 2) {
                if (nodes.get(i) instanceof Statement s && completesNormally(s)) {
                    return true;
                }
            }
            return !(nodes.get(nodes.size() - 1) instanceof Statement last)
                    || completesNormally(last);
        }
        return true;
    }
}
