package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.runtime.CalciteContextException;
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
 * <p>Which columns are event-time attributes is known here where the function reads a stream, or a
 * query whose columns validation can follow ({@link #attributesOf}); over others (a view, an
 * aggregate) the translators check it on the plan, without a position.
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
        Long millis;
        try {
            millis = ((SqlLiteral) literal).getValueAs(Long.class);
        } catch (RuntimeException e) {
            // Not validated yet: INTERVAL 'abc' SECOND fails here, with Calcite's own message.
            if (e.getCause() instanceof CalciteContextException invalid) {
                throw ValidationErrors.of(invalid);
            }
            throw InvalidWindows.notDayTimeLiteral(what, position(value));
        }
        if (millis == null) {
            throw InvalidWindows.notDayTimeLiteral(what, position(value));
        }
        return millis;
    }

    /**
     * The DESCRIPTOR must name an event-time attribute of the function's input, where validation
     * knows them ({@link #attributesOf}); elsewhere the translators check it on the plan.
     */
    private void checkTimeAttribute(List<Argument> arguments, SqlNode descriptor) {
        Optional<List<String>> attributes =
                arguments.stream()
                        .filter(a -> a.name().equals("DATA"))
                        .map(Argument::value)
                        .findFirst()
                        .flatMap(this::attributesOf);
        if (attributes.isEmpty()
                || !(descriptor instanceof SqlCall call)
                || call.operandCount() != 1
                || !(call.operand(0) instanceof SqlIdentifier column)) {
            return;
        }
        String name = column.names.get(column.names.size() - 1);
        if (attributes.get().stream().noneMatch(a -> names.matches(a, name))) {
            throw InvalidWindows.notTimeAttribute(name, position(column));
        }
    }

    /**
     * The output columns of a query that are event-time attributes, as the plan's {@code
     * TimeAttributes} has them, for the queries whose columns validation can follow: a SELECT
     * without aggregation that selects columns as they are (renamed or not) from a stream (its
     * WATERMARK column), a materialized view read as stored or a table (none), a join (none), or
     * such a SELECT. {@code TABLE t} is one: the validator makes it {@code SELECT t.a, ... FROM t}.
     * Empty where it is not known here (a view, a windowing function, an aggregate).
     */
    private Optional<List<String>> attributesOf(SqlNode query) {
        if (!(query instanceof SqlSelect select)
                || select.getGroup() != null
                || select.isDistinct()
                || validator.isAggregate(select)) {
            return Optional.empty();
        }
        Optional<List<String>> from = fromAttributes(select.getFrom());
        if (from.isEmpty()) {
            return Optional.empty();
        }
        List<String> attributes = new ArrayList<>();
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode expr = SqlUtil.stripAs(items.get(i));
            String alias = SqlValidatorUtil.alias(items.get(i), i);
            if (alias != null
                    && expr instanceof SqlIdentifier id
                    && !id.isStar()
                    && from.get().stream()
                            .anyMatch(a -> names.matches(a, id.names.get(id.names.size() - 1)))) {
                attributes.add(alias);
            }
        }
        return Optional.of(attributes);
    }

    private Optional<List<String>> fromAttributes(SqlNode from) {
        if (from == null) {
            return Optional.of(List.of());
        }
        return switch (from.getKind()) {
            case AS -> fromAttributes(((SqlCall) from).operand(0));
            case JOIN -> Optional.of(List.of());
            case SELECT -> attributesOf(from);
            case IDENTIFIER -> objectAttributes((SqlIdentifier) from);
            default -> Optional.empty();
        };
    }

    private Optional<List<String>> objectAttributes(SqlIdentifier name) {
        SqlValidatorTable found = validator.getCatalogReader().getTable(name.names);
        CatalogSchema.ObjectTable table =
                found == null ? null : found.unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject object = table == null ? null : table.object();
        if (object instanceof StreamDef stream) {
            // Its WATERMARK column, or its processing-time attribute: windows of the clock.
            List<String> attributes = new ArrayList<>();
            stream.watermark().ifPresent(attributes::add);
            stream.procTime().ifPresent(attributes::add);
            return Optional.of(attributes);
        }
        if (object instanceof MaterializedViewDef && !expandMaterializedViews
                || object instanceof TableDef) {
            return Optional.of(List.of());
        }
        return Optional.empty();
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }
}
