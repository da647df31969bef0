package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * The checks of an OVER aggregate on the validated tree, each with the position of the part at
 * fault: the function (COUNT, SUM, MIN, MAX, AVG, without DISTINCT), the ORDER BY (one key,
 * ascending), the frame (ending at the current row; starting UNBOUNDED PRECEDING, n PRECEDING for
 * ROWS, a day-time INTERVAL PRECEDING for RANGE) and, where the SELECT reads a stream or table by
 * name, that the input is insert-only and the ORDER BY key is the stream's WATERMARK column. The
 * translator checks the plan again ({@code OverAggregateTranslator}): a named window, an input that
 * is a subquery or a join, and a view's query are left to it.
 */
final class OverChecks {
    private static final Set<SqlKind> AGGREGATES =
            EnumSet.of(
                    SqlKind.COUNT,
                    SqlKind.SUM,
                    SqlKind.SUM0,
                    SqlKind.MIN,
                    SqlKind.MAX,
                    SqlKind.AVG);

    private final SqlValidator validator;
    private final SqlNameMatcher names;

    OverChecks(SqlValidator validator) {
        this.validator = validator;
        this.names = validator.getCatalogReader().nameMatcher();
    }

    /**
     * Checks an OVER call that is not a Top-N's ranking.
     *
     * @param select the SELECT it is in, if known
     */
    void check(SqlCall over, Optional<SqlSelect> select) {
        SqlCall function = over.operand(0);
        if (!AGGREGATES.contains(function.getKind())) {
            throw OverQueries.function(function.getOperator().getName(), position(function));
        }
        if (function.getFunctionQuantifier() != null
                && function.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT) {
            throw OverQueries.distinct(position(function));
        }
        if (!(over.operand(1) instanceof SqlWindow window) || window.getRefName() != null) {
            return; // a named window: the translator sees it resolved
        }
        SqlNodeList order = window.getOrderList();
        if (order == null || order.size() != 1) {
            throw OverQueries.order(position(order == null || order.size() == 0 ? window : order));
        }
        SqlNode key = order.get(0);
        while (key.getKind() == SqlKind.NULLS_FIRST || key.getKind() == SqlKind.NULLS_LAST) {
            key = ((SqlCall) key).operand(0);
        }
        if (key.getKind() == SqlKind.DESCENDING) {
            throw OverQueries.order(position(order.get(0)));
        }
        checkFrame(window);
        SqlNode orderKey = key;
        select.ifPresent(s -> checkInput(s, orderKey));
    }

    private static void checkFrame(SqlWindow window) {
        SqlNode upper = window.getUpperBound();
        if (upper != null && !SqlWindow.isCurrentRow(upper)) {
            throw OverQueries.frame(position(upper));
        }
        SqlNode lower = window.getLowerBound();
        if (lower == null
                || SqlWindow.isUnboundedPreceding(lower)
                || SqlWindow.isCurrentRow(lower)) {
            return;
        }
        if (lower.getKind() != SqlKind.PRECEDING) {
            throw OverQueries.frame(position(lower));
        }
        SqlNode offset = ((SqlCall) lower).operand(0);
        boolean supported =
                window.isRows()
                        ? offset instanceof SqlLiteral literal
                                && literal.getTypeName().getFamily() == SqlTypeFamily.NUMERIC
                        : offset instanceof SqlIntervalLiteral interval
                                && interval.getTypeName().getFamily()
                                        != SqlTypeFamily.INTERVAL_YEAR_MONTH;
        if (!supported) {
            throw OverQueries.frame(position(lower));
        }
    }

    /**
     * Where the SELECT reads a stream or table by name: a table's rows change; a stream's
     * event-time column is its WATERMARK column.
     */
    private void checkInput(SqlSelect select, SqlNode key) {
        SqlNode from = select.getFrom();
        if (from != null && from.getKind() == SqlKind.AS) {
            from = ((SqlCall) from).operand(0);
        }
        if (!(from instanceof SqlIdentifier name)) {
            return;
        }
        SqlValidatorTable found = validator.getCatalogReader().getTable(name.names);
        CatalogSchema.ObjectTable table =
                found == null ? null : found.unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject read = table == null ? null : table.object();
        if (read instanceof TableDef) {
            throw OverQueries.updatingInput(
                    position(name.getParserPosition().getLineNum() > 0 ? name : select));
        }
        if (read instanceof StreamDef stream && key instanceof SqlIdentifier column) {
            String last = column.names.get(column.names.size() - 1);
            if (stream.watermark().isEmpty() || !names.matches(last, stream.watermarkColumn())) {
                throw OverQueries.order(position(key));
            }
        }
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }
}
