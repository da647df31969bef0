package dev.weir.planner.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;

/**
 * The one use of OVER that streams compute: Top-N (and deduplication, its {@code = 1} case), in
 * Flink's shape. A ranking function (ROW_NUMBER, RANK, DENSE_RANK) OVER (PARTITION BY ... ORDER BY
 * ...) is selected, under a name, by a subquery in FROM, and the query over it bounds that name
 * from above in its WHERE: {@code rownum <= N}, {@code rownum < N} or {@code rownum = 1}, ANDed
 * with any other conditions. Every other OVER is refused, at the function called OVER.
 *
 * <p>This is the validation side; the Top-N translator checks the plan's shape again (a view's
 * query is only seen there) and refuses the rest with the same message.
 */
public final class TopNQueries {
    private static final Set<SqlKind> RANKING =
            EnumSet.of(SqlKind.ROW_NUMBER, SqlKind.RANK, SqlKind.DENSE_RANK);

    private TopNQueries() {}

    /**
     * The OVER calls of the subquery in {@code select}'s FROM that {@code select} makes a Top-N:
     * ranking calls with an ORDER BY, whose name the WHERE bounds.
     */
    static List<SqlCall> rankingCallsOf(SqlSelect select) {
        SqlNode from = select.getFrom();
        if (from != null && from.getKind() == SqlKind.AS) {
            from = ((SqlCall) from).operand(0);
        }
        if (!(from instanceof SqlSelect inner) || select.getWhere() == null) {
            return List.of();
        }
        List<SqlNode> conjuncts = new ArrayList<>();
        conjunctions(select.getWhere(), conjuncts);
        List<SqlCall> calls = new ArrayList<>();
        for (SqlNode item : inner.getSelectList()) {
            if (item.getKind() != SqlKind.AS) {
                continue;
            }
            SqlCall as = (SqlCall) item;
            String name = ((SqlIdentifier) as.operand(1)).getSimple();
            if (as.operand(0) instanceof SqlCall over
                    && over.getKind() == SqlKind.OVER
                    && isRanking(over)
                    && conjuncts.stream().anyMatch(c -> boundsFromAbove(c, name))) {
                calls.add(over);
            }
        }
        return calls;
    }

    private static boolean isRanking(SqlCall over) {
        if (!RANKING.contains(over.operand(0).getKind())) {
            return false;
        }
        SqlNode spec = over.operand(1);
        // A named window (OVER w) is left to the translator, which sees it resolved. Ranking
        // functions take no frame (Calcite refuses one), so only the ORDER BY is checked.
        return !(spec instanceof SqlWindow window) || window.getOrderList().size() > 0;
    }

    private static void conjunctions(SqlNode node, List<SqlNode> out) {
        if (node.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                conjunctions(operand, out);
            }
        } else {
            out.add(node);
        }
    }

    /** {@code name <= N}, {@code name < N} (N above 1), {@code name = 1}, or reversed. */
    private static boolean boundsFromAbove(SqlNode condition, String name) {
        if (!(condition instanceof SqlBasicCall call) || call.operandCount() != 2) {
            return false;
        }
        SqlKind kind = call.getKind();
        SqlNode left = call.operand(0);
        SqlNode right = call.operand(1);
        if (names(right, name)) {
            SqlNode swapped = left;
            left = right;
            right = swapped;
            kind = kind.reverse();
        }
        // Validation casts the bound to the number's type: CAST(3 AS BIGINT).
        while (right.getKind() == SqlKind.CAST) {
            right = ((SqlCall) right).operand(0);
        }
        if (!names(left, name) || !(right instanceof SqlNumericLiteral literal)) {
            return false;
        }
        BigDecimal n = literal.getValueAs(BigDecimal.class);
        return switch (kind) {
            case LESS_THAN_OR_EQUAL -> n.compareTo(BigDecimal.ONE) >= 0;
            case LESS_THAN -> n.compareTo(BigDecimal.ONE) > 0;
            case EQUALS -> n.compareTo(BigDecimal.ONE) == 0;
            default -> false;
        };
    }

    private static boolean names(SqlNode node, String name) {
        return node instanceof SqlIdentifier id
                && id.names
                        .get(id.names.size() - 1)
                        .toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT));
    }
}
