package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.AggregatingSelectScope;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The checks of a window aggregate (a SELECT that aggregates right over a windowing function), made
 * on the validated tree in the order its translator makes them: no grouping sets; GROUP BY both
 * window bounds; an append-only input; for SESSION, GROUP BY exactly its key. Each fires only where
 * the translator would certainly refuse the query with the same message: a query whose aggregate
 * Calcite's conversion may make something else (a subquery under it becomes a join; an expression
 * over a window bound may reduce to the bound) is left to the translator.
 */
final class WindowAggregateChecks {
    /** Aggregate functions the operators compute. */
    private static final Set<SqlKind> SUPPORTED_AGGREGATES =
            EnumSet.of(
                    SqlKind.COUNT,
                    SqlKind.SUM,
                    SqlKind.SUM0,
                    SqlKind.MIN,
                    SqlKind.MAX,
                    SqlKind.AVG);

    private final SqlValidator validator;
    private final boolean expandMaterializedViews;
    private final SqlNameMatcher names;

    /** The windowing functions whose window aggregate has checked them. */
    private final Set<SqlNode> checkedWindows = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param expandMaterializedViews whether materialized views read by the query are planned from
     *     their queries (see {@link CatalogSchema}), so how their rows change is not known here
     */
    WindowAggregateChecks(SqlValidator validator, boolean expandMaterializedViews) {
        this.validator = validator;
        this.expandMaterializedViews = expandMaterializedViews;
        this.names = validator.getCatalogReader().nameMatcher();
    }

    /**
     * A SELECT that aggregates (GROUP BY, aggregate functions or DISTINCT) right over a windowing
     * function is one window aggregate: these are its checks, in the order its translator makes
     * them.
     */
    void check(SqlSelect select) {
        Optional<WindowFrom> found = WindowFrom.of(select.getFrom());
        if (found.isEmpty() || !(validator.isAggregate(select) || select.isDistinct())) {
            return;
        }
        WindowFrom window = found.get();
        checkedWindows.add(window.function());
        if (readsMoreThanTheWindow(select)) {
            return;
        }
        Optional<Grouping> grouping = grouping(select);
        if (grouping.isEmpty()) {
            return;
        }
        if (grouping.get().sets().size() > 1) {
            checkGroupingSets(select, window, grouping.get());
        }
        checkWhere(select, window);
        List<SqlNode> aggregateInputs = new ArrayList<>(grouping.get().exprs());
        aggregateInputs.addAll(aggregateOperands(select));
        for (SqlNode input : aggregateInputs) {
            if (window.column(input).isEmpty() && window.readsBounds(input, names)) {
                // An expression over a window bound: refused by the translator, unless Calcite
                // reduces it to the bound itself (a CAST to its own type).
                return;
            }
        }
        List<String> grouped = new ArrayList<>();
        for (SqlNode expr : grouping.get().exprs()) {
            window.column(expr).ifPresent(grouped::add);
        }
        if (grouped.stream().noneMatch(c -> names.matches(c, "window_start"))
                || grouped.stream().noneMatch(c -> names.matches(c, "window_end"))) {
            throw UnsupportedQueries.windowBoundsNotGrouped(position(groupByOf(select)));
        }
        checkAppendOnly(window);
        if (!onlySupportedAggregates(select)) {
            return; // the translator refuses the function before it looks at the session's keys
        }
        if (window.isSession() && grouped.size() == grouping.get().exprs().size()) {
            sessionKeys(select, window, grouped);
        }
    }

    /**
     * Whether the aggregate might read more than the windowing function: a subquery or a long IN
     * list under it becomes a join, and the aggregate over a join is no window aggregate; an OVER
     * above it is refused first.
     */
    private static boolean readsMoreThanTheWindow(SqlSelect select) {
        for (SqlNode clause :
                new SqlNode[] {
                    select.getSelectList(),
                    select.getWhere(),
                    select.getGroup(),
                    select.getHaving(),
                    select.getOrderList()
                }) {
            if (clause != null
                    && contains(
                            clause,
                            EnumSet.of(
                                    SqlKind.SELECT,
                                    SqlKind.UNION,
                                    SqlKind.INTERSECT,
                                    SqlKind.EXCEPT,
                                    SqlKind.VALUES,
                                    SqlKind.WITH,
                                    SqlKind.IN,
                                    SqlKind.NOT_IN,
                                    SqlKind.SOME,
                                    SqlKind.ALL,
                                    SqlKind.EXISTS,
                                    SqlKind.SCALAR_QUERY,
                                    SqlKind.OVER))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The WHERE between the windowing function and the aggregate: refused over SESSION windows, and
     * where one of its conjuncts reads both the input's columns and the window bounds (see the
     * translator's {@code WindowWhere}).
     */
    private void checkWhere(SqlSelect select, WindowFrom window) {
        SqlNode where = select.getWhere();
        if (where == null) {
            return;
        }
        if (window.isSession()) {
            throw UnsupportedQueries.whereOverSessions(position(where));
        }
        List<SqlNode> conjuncts = new ArrayList<>();
        conjuncts(where, conjuncts);
        for (SqlNode conjunct : conjuncts) {
            if (window.readsBounds(conjunct, names) && window.readsInputColumns(conjunct, names)) {
                throw UnsupportedQueries.whereOverRowsAndWindows(position(conjunct));
            }
        }
    }

    private static void conjuncts(SqlNode node, List<SqlNode> into) {
        if (node.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                conjuncts(operand, into);
            }
        } else {
            into.add(node);
        }
    }

    /** What the aggregate groups by, as Calcite resolved it; empty where that is not known. */
    /**
     * @param exprs the grouped expressions
     * @param sets the distinct grouping sets, as positions in {@code exprs}
     */
    private record Grouping(List<SqlNode> exprs, List<ImmutableBitSet> sets) {}

    /**
     * GROUPING SETS over windows run as one window aggregate per set, so every set must keep both
     * window bounds (GROUP BY window_start, window_end, GROUPING SETS (...), as in Flink SQL). Over
     * SESSION windows, whose sessions are per partition key, they are refused.
     */
    private void checkGroupingSets(SqlSelect select, WindowFrom window, Grouping grouping) {
        if (window.isSession()) {
            throw UnsupportedQueries.groupingSetsOverWindows(position(groupingSetsOf(select)));
        }
        int start = -1;
        int end = -1;
        for (int i = 0; i < grouping.exprs().size(); i++) {
            Optional<String> column = window.column(grouping.exprs().get(i));
            if (column.isPresent() && names.matches(column.get(), "window_start")) {
                start = i;
            } else if (column.isPresent() && names.matches(column.get(), "window_end")) {
                end = i;
            }
        }
        for (ImmutableBitSet set : grouping.sets()) {
            if (start < 0 || end < 0 || !set.get(start) || !set.get(end)) {
                throw UnsupportedQueries.groupingSetWithoutWindowBounds(
                        position(groupingSetsOf(select)));
            }
        }
    }

    private Optional<Grouping> grouping(SqlSelect select) {
        if (!validator.isAggregate(select)) {
            // SELECT DISTINCT: the selected expressions are grouped.
            List<SqlNode> items = new ArrayList<>();
            for (SqlNode item : select.getSelectList()) {
                items.add(SqlUtil.stripAs(item));
            }
            return Optional.of(new Grouping(items, List.of(ImmutableBitSet.range(items.size()))));
        }
        SqlValidatorScope scope = validator.getSelectScope(select);
        if (!(scope instanceof AggregatingSelectScope aggregating)) {
            return Optional.empty();
        }
        AggregatingSelectScope.Resolved resolved = aggregating.resolved.get();
        return Optional.of(
                new Grouping(resolved.groupExprList, List.copyOf(resolved.groupSets.elementSet())));
    }

    /** The operands of the aggregate functions (and their FILTER conditions): what they read. */
    private static List<SqlNode> aggregateOperands(SqlSelect select) {
        List<SqlNode> operands = new ArrayList<>();
        SqlBasicVisitor<Void> collector =
                new SqlBasicVisitor<>() {
                    @Override
                    public Void visit(SqlCall call) {
                        if (call.getOperator().isAggregator()
                                || call.getKind() == SqlKind.FILTER
                                || call.getKind() == SqlKind.WITHIN_GROUP
                                || call.getKind() == SqlKind.WITHIN_DISTINCT) {
                            for (SqlNode operand : call.getOperandList()) {
                                if (operand != null) {
                                    operands.add(operand);
                                }
                            }
                        }
                        return super.visit(call);
                    }
                };
        for (SqlNode clause :
                new SqlNode[] {select.getSelectList(), select.getHaving(), select.getOrderList()}) {
            if (clause != null) {
                clause.accept(collector);
            }
        }
        return operands;
    }

    private static boolean onlySupportedAggregates(SqlSelect select) {
        boolean[] supported = {true};
        SqlBasicVisitor<Void> finder =
                new SqlBasicVisitor<>() {
                    @Override
                    public Void visit(SqlCall call) {
                        if (call.getOperator().isAggregator()
                                && (!SUPPORTED_AGGREGATES.contains(call.getKind())
                                        || call.operandCount() > 1)) {
                            supported[0] = false;
                        }
                        return super.visit(call);
                    }
                };
        for (SqlNode clause :
                new SqlNode[] {select.getSelectList(), select.getHaving(), select.getOrderList()}) {
            if (clause != null) {
                clause.accept(finder);
            }
        }
        return supported[0];
    }

    /**
     * A session is one key's: the aggregate must group by exactly the SESSION's key (the first
     * column its key DESCRIPTOR names, as the translator reads it) besides the window bounds.
     *
     * @param grouped the grouped columns, every grouped expression being a column
     */
    private void sessionKeys(SqlSelect select, WindowFrom window, List<String> grouped) {
        Optional<Optional<String>> key = window.sessionKey();
        if (key.isEmpty()) {
            return; // named arguments: the translator reads them
        }
        List<String> keys = new ArrayList<>();
        for (String column : grouped) {
            if (!names.matches(column, "window_start")
                    && !names.matches(column, "window_end")
                    && keys.stream().noneMatch(k -> names.matches(k, column))) {
                keys.add(column);
            }
        }
        boolean same =
                key.get().isEmpty()
                        ? keys.isEmpty()
                        : keys.size() == 1 && names.matches(keys.get(0), key.get().get());
        if (!same) {
            throw UnsupportedQueries.sessionKeysNotGrouped(position(groupByOf(select)));
        }
    }

    /**
     * Windows are assigned to events: a windowing function over a table, or over a materialized
     * view whose rows change, is refused (unless the window aggregate over it has checked it, in
     * its turn).
     */
    void requireAppendOnly(WindowFrom window) {
        if (checkedWindows.contains(window.function())) {
            return;
        }
        checkAppendOnly(window);
    }

    private void checkAppendOnly(WindowFrom window) {
        Optional<SqlNode> argument = window.tableArgument();
        Optional<SqlIdentifier> name = argument.flatMap(WindowAggregateChecks::tableRead);
        if (name.isEmpty()) {
            return; // a query: the translator knows how its rows change
        }
        SqlValidatorTable found = validator.getCatalogReader().getTable(name.get().names);
        CatalogSchema.ObjectTable object =
                found == null ? null : found.unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject read = object == null ? null : object.object();
        boolean changes =
                read instanceof TableDef
                        || read instanceof MaterializedViewDef view
                                && !view.appendOnly()
                                && !expandMaterializedViews;
        if (changes) {
            // The validator's SELECT has no position; the table's name keeps the one it was given.
            SqlNode at =
                    name.get().getParserPosition().getLineNum() > 0
                            ? name.get()
                            : window.function();
            throw UnsupportedQueries.windowInputNotAppendOnly(position(at));
        }
    }

    /**
     * The table a windowing function's table argument reads: the validator has made {@code TABLE t}
     * into {@code SELECT t.a, t.b, ... FROM t}.
     */
    private static Optional<SqlIdentifier> tableRead(SqlNode argument) {
        if (!(argument instanceof SqlSelect select)
                || select.getWhere() != null
                || select.getGroup() != null
                || select.getHaving() != null
                || select.getOrderList() != null
                || select.getOffset() != null
                || select.getFetch() != null
                || select.isDistinct()) {
            return Optional.empty();
        }
        SqlNode from = select.getFrom();
        if (from != null && from.getKind() == SqlKind.AS) {
            from = ((SqlCall) from).operand(0);
        }
        return from instanceof SqlIdentifier table ? Optional.of(table) : Optional.empty();
    }

    private static SqlNode groupByOf(SqlSelect select) {
        return select.getGroup() != null ? select.getGroup() : select;
    }

    /** The first GROUPING SETS, ROLLUP or CUBE of the GROUP BY, or the GROUP BY. */
    private static SqlNode groupingSetsOf(SqlSelect select) {
        SqlNodeList group = select.getGroup();
        if (group == null) {
            return select;
        }
        for (SqlNode item : group) {
            if (item.getKind() == SqlKind.GROUPING_SETS
                    || item.getKind() == SqlKind.ROLLUP
                    || item.getKind() == SqlKind.CUBE) {
                return item;
            }
        }
        return group;
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }

    private static boolean contains(SqlNode node, Set<SqlKind> kinds) {
        boolean[] found = {false};
        node.accept(
                new SqlBasicVisitor<Void>() {
                    @Override
                    public Void visit(SqlCall call) {
                        if (kinds.contains(call.getKind())) {
                            found[0] = true;
                            return null;
                        }
                        return super.visit(call);
                    }
                });
        return found[0];
    }
}
