package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.ViewDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Gives a place in the statement to a refusal the physical planner raised without one. The
 * translators see relational operators, not the text: a shape they refuse may come from a view's
 * query (expanded when the statement is converted) or from a rewrite of Calcite's. Such a refusal
 * is placed at the first view the statement reads, naming it, since that view's query is where the
 * shape was written; a statement that reads no view gets the position of its query.
 */
public final class RefusalPlacement {
    private final Catalog catalog;

    public RefusalPlacement(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@code refusal} itself when it has a position; otherwise the same refusal, placed. */
    public WeirException place(WeirException refusal, SqlNode statement) {
        if (refusal.position().isPresent()) {
            return refusal;
        }
        Optional<SqlIdentifier> view =
                UnsupportedQueries.isVersionedViewRefusal(refusal)
                        ? firstVersionedView(statement).or(() -> firstView(statement))
                        : firstView(statement);
        if (view.isPresent()) {
            SqlIdentifier name = view.get();
            return new WeirException(
                    refusal.code(),
                    Optional.of(Positions.of(name.getParserPosition())),
                    refusal.rawMessage()
                            + " (in the query of view "
                            + name.names.get(name.names.size() - 1)
                            + ")",
                    refusal);
        }
        Position position = Positions.of(statement.getParserPosition());
        return new WeirException(
                refusal.code(), Optional.of(position), refusal.rawMessage(), refusal);
    }

    /** The first view read FOR SYSTEM_TIME AS OF in {@code statement}, in the order written. */
    private Optional<SqlIdentifier> firstVersionedView(SqlNode statement) {
        List<SqlIdentifier> found = new ArrayList<>();
        statement.accept(
                new SqlBasicVisitor<Void>() {
                    @Override
                    public Void visit(SqlCall call) {
                        if (call instanceof SqlSnapshot snapshot
                                && snapshot.getTableRef() instanceof SqlIdentifier id
                                && catalog.find(id.names.get(id.names.size() - 1))
                                        .filter(o -> o instanceof ViewDef)
                                        .isPresent()) {
                            found.add(id);
                        }
                        return super.visit(call);
                    }
                });
        return found.stream().findFirst();
    }

    /** The first name, in the order written, that a FROM clause of {@code node} reads a view by. */
    private Optional<SqlIdentifier> firstView(SqlNode node) {
        if (node instanceof SqlSelect select) {
            Optional<SqlIdentifier> inFrom = fromItems(select.getFrom());
            if (inFrom.isPresent()) {
                return inFrom;
            }
            // Subqueries in the select list and the conditions read views too.
            return firstViewIn(select.getSelectList())
                    .or(() -> firstViewInNode(select.getWhere()))
                    .or(() -> firstViewInNode(select.getHaving()));
        }
        if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                Optional<SqlIdentifier> found = firstViewInNode(operand);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<SqlIdentifier> firstViewInNode(SqlNode node) {
        return node == null ? Optional.empty() : firstView(node);
    }

    private Optional<SqlIdentifier> firstViewIn(SqlNodeList list) {
        if (list != null) {
            for (SqlNode node : list) {
                Optional<SqlIdentifier> found = firstViewInNode(node);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<SqlIdentifier> fromItems(SqlNode from) {
        if (from == null) {
            return Optional.empty();
        }
        if (from instanceof SqlIdentifier id) {
            String name = id.names.get(id.names.size() - 1);
            return catalog.find(name).filter(o -> o instanceof ViewDef).map(o -> id);
        }
        if (from instanceof SqlSnapshot snapshot) {
            return fromItems(snapshot.getTableRef());
        }
        if (from instanceof SqlJoin join) {
            return fromItems(join.getLeft()).or(() -> fromItems(join.getRight()));
        }
        if (from instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
            // The alias is not a name read.
            return fromItems(call.operand(0));
        }
        if (from instanceof SqlBasicCall call && call.getKind() != SqlKind.DESCRIPTOR) {
            // TABLE(...), a windowing function and its TABLE argument, LATERAL, UNNEST.
            for (SqlNode operand : call.getOperandList()) {
                Optional<SqlIdentifier> found =
                        operand instanceof SqlIdentifier || operand instanceof SqlBasicCall
                                ? fromItems(operand)
                                : firstViewInNode(operand);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        return firstView(from);
    }
}
