package dev.weir.planner.validate;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * A windowing function in a FROM clause ({@code TABLE(TUMBLE(...)) [AS alias]}).
 *
 * @param function the windowing function's call
 * @param alias the name its columns are qualified with (the validator gives every FROM item one
 *     when it expands identifiers); empty when unknown, and then no column is recognized
 */
record WindowFrom(SqlCall function, Optional<String> alias) {
    private static final Set<String> WINDOWING_FUNCTIONS =
            Set.of("TUMBLE", "HOP", "CUMULATE", "SESSION");

    static Optional<WindowFrom> of(SqlNode from) {
        Optional<String> alias = Optional.empty();
        if (from != null && from.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) from;
            if (as.operandCount() != 2 || !(as.operand(1) instanceof SqlIdentifier name)) {
                return Optional.empty(); // AS t (a, b, ...) renames the columns
            }
            alias = Optional.of(name.getSimple());
            from = as.operand(0);
        }
        if (from instanceof SqlCall table
                && table.getKind() == SqlKind.COLLECTION_TABLE
                && table.operand(0) instanceof SqlCall function
                && WINDOWING_FUNCTIONS.contains(
                        function.getOperator().getName().toUpperCase(Locale.ROOT))) {
            return Optional.of(new WindowFrom(function, alias));
        }
        return Optional.empty();
    }

    boolean isSession() {
        return function.getOperator().getName().toUpperCase(Locale.ROOT).equals("SESSION");
    }

    /**
     * The column {@code node} is, when it is a plain column of the windowing function (an
     * identifier qualified by its alias, as the validator expands them).
     */
    Optional<String> column(SqlNode node) {
        if (alias.isPresent()
                && node instanceof SqlIdentifier id
                && id.names.size() == 2
                && id.names.get(0).equals(alias.get())) {
            return Optional.of(id.names.get(1));
        }
        return Optional.empty();
    }

    /** Whether {@code node} reads window_start or window_end (or a column it cannot name). */
    boolean readsBounds(SqlNode node, SqlNameMatcher names) {
        boolean[] found = {false};
        node.accept(
                new SqlBasicVisitor<Void>() {
                    @Override
                    public Void visit(SqlIdentifier id) {
                        if (id.isStar()) {
                            return null; // COUNT(*)
                        }
                        Optional<String> column = column(id);
                        if (column.isEmpty()
                                || names.matches(column.get(), "window_start")
                                || names.matches(column.get(), "window_end")) {
                            found[0] = true;
                        }
                        return null;
                    }
                });
        return found[0];
    }

    /**
     * Whether {@code node} reads a column of the windowing function's input (one that is neither
     * window_start nor window_end). A column it cannot name counts as one.
     */
    boolean readsInputColumns(SqlNode node, SqlNameMatcher names) {
        boolean[] found = {false};
        node.accept(
                new SqlBasicVisitor<Void>() {
                    @Override
                    public Void visit(SqlIdentifier id) {
                        Optional<String> column = column(id);
                        if (column.isEmpty()
                                || !names.matches(column.get(), "window_start")
                                        && !names.matches(column.get(), "window_end")) {
                            found[0] = true;
                        }
                        return null;
                    }
                });
        return found[0];
    }

    /** The table argument, unless the call names its arguments. */
    Optional<SqlNode> tableArgument() {
        return namesArguments() ? Optional.empty() : Optional.of(function.operand(0));
    }

    /**
     * A SESSION's key column (empty for one session space for all rows), as the translator reads
     * it: the first column of the key DESCRIPTOR. Empty outside when the call names its arguments.
     */
    Optional<Optional<String>> sessionKey() {
        if (namesArguments()) {
            return Optional.empty();
        }
        if (function.operandCount() < 4) {
            return Optional.of(Optional.empty());
        }
        SqlNode descriptor = function.operand(2);
        if (!(descriptor instanceof SqlCall call)
                || call.operandCount() == 0
                || !(call.operand(0) instanceof SqlIdentifier key)) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(key.names.get(key.names.size() - 1)));
    }

    private boolean namesArguments() {
        return function.getOperandList().stream()
                .anyMatch(o -> o != null && o.getKind() == SqlKind.ARGUMENT_ASSIGNMENT);
    }
}
