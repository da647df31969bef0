package dev.weir.planner.validate;

import dev.weir.common.error.Errors;
import dev.weir.parser.Positions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Refuses, before validation, a windowing function call in {@code TABLE(...)} with fewer arguments
 * than it needs, a DESCRIPTOR that names no column, and named arguments anywhere but in a windowing
 * function, and a DECIMAL type of no valid precision or scale: Calcite's validator reads those
 * without checking them, and fails inside itself.
 */
public final class PreValidationChecks extends SqlBasicVisitor<Void> {
    /** Each windowing function's required arguments, as its signature reads. */
    private static final Map<String, String> SIGNATURES =
            Map.of(
                    "TUMBLE", "TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])",
                    "HOP", "HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])",
                    "CUMULATE", "CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])",
                    "SESSION", "SESSION(TABLE t [PARTITION BY key], DESCRIPTOR(ts), gap)");

    private static final Map<String, Integer> REQUIRED =
            Map.of("TUMBLE", 3, "HOP", 4, "CUMULATE", 4, "SESSION", 3);

    private static final int MAX_DECIMAL_PRECISION =
            WeirTypeSystem.INSTANCE.getMaxPrecision(SqlTypeName.DECIMAL);

    /** Binary operators whose right operand is a list: IN and the quantified comparisons. */
    private static final Set<SqlKind> LIST_OPERANDS =
            EnumSet.of(SqlKind.IN, SqlKind.NOT_IN, SqlKind.SOME, SqlKind.ALL);

    private static final Set<String> SESSION_FUNCTIONS =
            SessionFunctions.SESSION_FUNCTIONS.stream()
                    .map(SqlOperator::getName)
                    .collect(Collectors.toUnmodifiableSet());

    private PreValidationChecks() {}

    public static SqlNode check(SqlNode node) {
        node.accept(new PreValidationChecks());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.COLLECTION_TABLE
                && call.operandCount() > 0
                && call.operand(0) instanceof SqlCall function) {
            checkFunction(function);
        }
        checkNamedArguments(call);
        if ((call.getKind() == SqlKind.EXISTS || call.getKind() == SqlKind.UNIQUE)
                && call.operandCount() == 1
                && !call.operand(0).isA(SqlKind.QUERY)) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(call.operand(0).getParserPosition())),
                    call.getOperator().getName()
                            + " takes a subquery: "
                            + call.getOperator().getName()
                            + " (SELECT ...).");
        }
        // Calcite rewrites these two before it counts their arguments.
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        if (name.equals("COALESCE") && call.operandCount() == 0
                || name.equals("NULLIF") && call.operandCount() != 2) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(call.getParserPosition())),
                    name.equals("COALESCE")
                            ? "COALESCE takes one argument or more."
                            : "NULLIF takes two arguments.");
        }
        if (call.getKind() == SqlKind.EXTEND) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(call.getParserPosition())),
                    "Extending a table's columns in a query (t (c TYPE)) is not supported.");
        }
        if (call.getOperator() instanceof SqlBinaryOperator
                && !LIST_OPERANDS.contains(call.getKind())) {
            for (SqlNode operand : call.getOperandList()) {
                if (operand instanceof SqlNodeList list) {
                    throw Errors.notSupported(
                            Optional.of(Positions.of(list.getParserPosition())),
                            "A list (a, b, ...) is not a value: it goes after IN, or in VALUES.");
                }
            }
        }
        // Before validation DESCRIPTOR(...) may still be an unresolved function: go by its name.
        if (call.getOperator().getName().equalsIgnoreCase("DESCRIPTOR")
                && (call.operandCount() == 0
                        || !call.getOperandList().stream()
                                .allMatch(o -> o instanceof SqlIdentifier id && id.isSimple()))) {
            throw InvalidWindows.invalid(
                    Optional.of(Positions.of(call.getParserPosition())),
                    "DESCRIPTOR names columns, as in DESCRIPTOR(ts): the time column the"
                            + " windows are over.");
        }
        return super.visit(call);
    }

    /**
     * Named arguments ({@code name => value}) are for the windowing functions only, and their names
     * are identifiers: Calcite's validator casts without checking either.
     */
    private static void checkNamedArguments(SqlCall call) {
        boolean windowing =
                REQUIRED.containsKey(call.getOperator().getName().toUpperCase(Locale.ROOT));
        boolean seenNamed = false;
        for (SqlNode operand : call.getOperandList()) {
            boolean isNamed =
                    operand instanceof SqlCall c && c.getKind() == SqlKind.ARGUMENT_ASSIGNMENT;
            if (seenNamed && !isNamed && operand != null) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(operand.getParserPosition())),
                        "A positional argument cannot follow named ones (name => value).");
            }
            seenNamed |= isNamed;
            if (operand instanceof SqlCall named
                    && named.getKind() == SqlKind.ARGUMENT_ASSIGNMENT
                    && (!windowing
                            || named.operandCount() != 2
                            || !(named.operand(1) instanceof SqlIdentifier))) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(named.getParserPosition())),
                        "Named arguments (name => value) are taken by TUMBLE, HOP, CUMULATE and"
                                + " SESSION only, each named by its parameter (DATA, TIMECOL,"
                                + " SIZE, ...).");
            }
        }
    }

    /**
     * The session functions written without parentheses, before validation makes them calls (in a
     * VALUES row it does not, and they reached code generation): see {@link SessionFunctions}.
     */
    @Override
    public Void visit(SqlIdentifier id) {
        if (id.isSimple()
                && !id.isComponentQuoted(0)
                && SESSION_FUNCTIONS.contains(id.getSimple().toUpperCase(Locale.ROOT))) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(id.getParserPosition())),
                    id.getSimple().toUpperCase(Locale.ROOT)
                            + " is not supported: a query has no session user, role, path or"
                            + " schema in Weir (the catalog is always 'weir', its schema 'weir').");
        }
        return null;
    }

    /** A DECIMAL's precision and scale as Calcite's type factory would refuse them, uncoded. */
    @Override
    public Void visit(SqlDataTypeSpec type) {
        if (type.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                && basic.getTypeName().getSimple().equalsIgnoreCase("DECIMAL")) {
            int precision = basic.getPrecision();
            int scale = basic.getScale();
            boolean precisionGiven = precision != RelDataType.PRECISION_NOT_SPECIFIED;
            if (precisionGiven && (precision < 1 || precision > MAX_DECIMAL_PRECISION)
                    || scale != RelDataType.SCALE_NOT_SPECIFIED
                            && (scale < 0 || precisionGiven && scale > precision)) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(type.getParserPosition())),
                        "A DECIMAL's precision must be from 1 to "
                                + MAX_DECIMAL_PRECISION
                                + " and its scale from 0 to its precision.");
            }
        }
        return super.visit(type);
    }

    private static void checkFunction(SqlCall function) {
        String name = function.getOperator().getName().toUpperCase(Locale.ROOT);
        Integer required = REQUIRED.get(name);
        if (required != null && function.operandCount() < required) {
            throw InvalidWindows.invalid(
                    Optional.of(Positions.of(function.getParserPosition())),
                    name
                            + " takes "
                            + required
                            + " arguments or more, "
                            + function.operandCount()
                            + " given: "
                            + SIGNATURES.get(name)
                            + ".");
        }
    }
}
