package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * The arguments of a windowing function call, checked with their positions: each size, slide, step
 * and gap a positive day-time interval literal, each offset one of zero or more, a CUMULATE size a
 * whole number of steps, and a DESCRIPTOR that names the event-time attribute of the stream read.
 *
 * <p>Which column is an event-time attribute is known here only where the function reads a stream
 * directly ({@code TABLE bid}): the column its WATERMARK is declared on. Over a query or a view,
 * the translators check it on the plan (where they know what each column is), without a position.
 */
final class WindowArguments {
    private final SqlValidator validator;
    private final SqlNameMatcher names;
    private final boolean expandMaterializedViews;

    /**
     * @param expandMaterializedViews whether materialized views read by the query are planned from
     *     their queries (see {@link CatalogSchema}): then what their columns are is the plan's
     */
    WindowArguments(SqlValidator validator, boolean expandMaterializedViews) {
        this.validator = validator;
        this.expandMaterializedViews = expandMaterializedViews;
        this.names = validator.getCatalogReader().nameMatcher();
    }

    /** An argument as written: its parameter's name (DATA, TIMECOL, SIZE, ...) and its value. */
    private record Argument(String name, SqlNode value) {}

    void check(WindowFrom window) {
        SqlCall function = window.function();
        String kind = function.getOperator().getName().toUpperCase(Locale.ROOT);
        List<Argument> arguments = arguments(function, kind);
        long[] stepAndSize = {-1, -1};
        SqlNode size = null;
        for (Argument argument : arguments) {
            switch (argument.name()) {
                case "SIZE", "SLIDE", "STEP" -> {
                    String what = what(kind, argument.name());
                    long millis = millis(argument.value(), what);
                    if (millis <= 0) {
                        throw InvalidWindows.notPositive(what, position(argument.value()));
                    }
                    if (argument.name().equals("STEP")) {
                        stepAndSize[0] = millis;
                    } else if (argument.name().equals("SIZE")) {
                        stepAndSize[1] = millis;
                        size = argument.value();
                    }
                }
                case "OFFSET" -> {
                    if (millis(argument.value(), "offset") < 0) {
                        throw InvalidWindows.negativeOffset(position(argument.value()));
                    }
                }
                default -> {}
            }
        }
        if (kind.equals("CUMULATE")
                && stepAndSize[0] > 0
                && stepAndSize[1] > 0
                && stepAndSize[1] % stepAndSize[0] != 0) {
            throw InvalidWindows.cumulateSizeNotMultipleOfStep(
                    stepAndSize[1], stepAndSize[0], position(size));
        }
        arguments.stream()
                .filter(a -> a.name().equals("TIMECOL"))
                .findFirst()
                .ifPresent(a -> checkTimeAttribute(arguments, a.value()));
    }

    /**
     * The arguments by parameter name. Calcite's own signatures name them (DATA, TIMECOL, SIZE,
     * ...); written by position, SESSION's interval is its gap (SIZE) whether a key DESCRIPTOR
     * comes before it or not.
     */
    private static List<Argument> arguments(SqlCall function, String kind) {
        List<String> positional =
                switch (kind) {
                    case "TUMBLE" -> List.of("DATA", "TIMECOL", "SIZE", "OFFSET");
                    case "HOP" -> List.of("DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET");
                    case "CUMULATE" -> List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET");
                    default -> List.of("DATA", "TIMECOL", "KEY", "SIZE");
                };
        List<Argument> arguments = new ArrayList<>();
        List<SqlNode> operands = function.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            SqlNode operand = operands.get(i);
            if (operand == null) {
                continue;
            }
            if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                SqlCall assignment = (SqlCall) operand;
                arguments.add(
                        new Argument(
                                assignment.operand(1).toString().toUpperCase(Locale.ROOT),
                                assignment.operand(0)));
            } else if (kind.equals("SESSION") && i == operands.size() - 1 && i >= 2) {
                arguments.add(new Argument("SIZE", operand));
            } else if (i < positional.size()) {
                arguments.add(new Argument(positional.get(i), operand));
            }
        }
        return arguments;
    }

    private static String what(String kind, String parameter) {
        return kind.equals("SESSION") ? "gap" : parameter.toLowerCase(Locale.ROOT);
    }

    /** An interval literal's milliseconds; anything else is refused. */
    private static long millis(SqlNode value, String what) {
        if (!(value instanceof SqlIntervalLiteral literal)
                || !SqlTypeName.DAY_INTERVAL_TYPES.contains(literal.getTypeName())) {
            throw InvalidWindows.notDayTimeLiteral(what, position(value));
        }
        Long millis = ((SqlLiteral) literal).getValueAs(Long.class);
        if (millis == null) {
            throw InvalidWindows.notDayTimeLiteral(what, position(value));
        }
        return millis;
    }

    /**
     * A windowing function that reads a stream directly must name its WATERMARK column; one that
     * reads an append-only materialized view names no event-time attribute (the view's rows carry
     * no watermark). What a query or a view gives is left to the translators.
     */
    private void checkTimeAttribute(List<Argument> arguments, SqlNode descriptor) {
        Optional<SqlNode> data =
                arguments.stream()
                        .filter(a -> a.name().equals("DATA"))
                        .map(Argument::value)
                        .findFirst();
        Optional<SqlIdentifier> read = data.flatMap(WindowAggregateChecks::tableRead);
        if (read.isEmpty()
                || !(descriptor instanceof SqlCall call)
                || call.operandCount() != 1
                || !(call.operand(0) instanceof SqlIdentifier column)) {
            return;
        }
        String name = column.names.get(column.names.size() - 1);
        // The argument selects from the object read (TABLE t is SELECT t.a, t.b, ... FROM t): the
        // column named is an attribute only as one of the object's columns, selected as it is.
        Optional<String> selected = selectedColumn((SqlSelect) data.get(), name);
        SqlValidatorTable found = validator.getCatalogReader().getTable(read.get().names);
        CatalogSchema.ObjectTable table =
                found == null ? null : found.unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject object = table == null ? null : table.object();
        boolean timeAttribute;
        if (object instanceof StreamDef stream) {
            timeAttribute =
                    stream.watermark().isPresent()
                            && selected.isPresent()
                            && names.matches(stream.watermarkColumn(), selected.get());
        } else if (object instanceof MaterializedViewDef && !expandMaterializedViews) {
            timeAttribute = false;
        } else {
            return;
        }
        if (!timeAttribute) {
            throw InvalidWindows.notTimeAttribute(name, position(column));
        }
    }

    /**
     * The column of the object read that the item named {@code name} of {@code select} selects as
     * it is; empty when that item is an expression (or there is none).
     */
    private Optional<String> selectedColumn(SqlSelect select, String name) {
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            String alias = SqlValidatorUtil.alias(item, i);
            if (alias != null && names.matches(alias, name)) {
                SqlNode expr = SqlUtil.stripAs(item);
                return expr instanceof SqlIdentifier id && !id.isStar()
                        ? Optional.of(id.names.get(id.names.size() - 1))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }
}
