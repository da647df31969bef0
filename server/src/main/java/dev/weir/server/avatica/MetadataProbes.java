package dev.weir.server.avatica;

import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlEmitQuery;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * Queries a client sends only to learn a result's columns: BI tools wrap a query in {@code WHERE 1
 * = 0} (or {@code WHERE FALSE}) and read the result set's metadata. Such a query has no rows by its
 * text alone, so Weir answers it from the plan and never starts a continuous job for it. ({@code
 * LIMIT 0} is recognized by the engine itself.)
 *
 * <p>Only a WHERE clause that is false whatever the rows is recognized: FALSE, a comparison of two
 * number literals, and AND / OR / NOT of those; and only where that means no rows: in a continuous
 * query, or a snapshot query selecting plain columns. Anything else runs as written.
 */
final class MetadataProbes {
    /** Cheap test first: most statements are not probes and need no second parse. */
    private static final Pattern MAY_BE_PROBE = Pattern.compile("(?is).*\\bwhere\\b.*");

    private MetadataProbes() {}

    /** Whether {@code sql} is a query whose WHERE clause is false whatever the rows. */
    static boolean hasNoRows(String sql) {
        if (!MAY_BE_PROBE.matcher(sql).matches()) {
            return false;
        }
        SqlNode node;
        try {
            node = WeirParser.parseStatement(sql);
        } catch (RuntimeException e) {
            return false; // running it reports the error, with its position
        }
        boolean continuous = node instanceof SqlEmitQuery;
        if (node instanceof SqlEmitQuery emit) {
            node = emit.query();
        }
        if (node instanceof SqlOrderBy orderBy) {
            node = orderBy.query;
        }
        return node instanceof SqlSelect select
                && select.getWhere() != null
                && isFalse(select.getWhere())
                && (continuous || selectsColumnsOnly(select));
    }

    /**
     * Whether a snapshot query's answer is empty when no row passes its WHERE: not so for an
     * aggregate ({@code SELECT COUNT(*) ... WHERE 1 = 0} is one row), so only plain columns and
     * literals qualify. (A continuous query has no row until an input row arrives: with none
     * passing, it never has one.)
     */
    private static boolean selectsColumnsOnly(SqlSelect select) {
        if (select.getGroup() != null || select.getHaving() != null || select.isDistinct()) {
            return false;
        }
        for (SqlNode item : select.getSelectList()) {
            SqlNode value =
                    item instanceof SqlBasicCall as && as.getKind() == SqlKind.AS
                            ? as.operand(0)
                            : item;
            if (!(value instanceof SqlIdentifier || value instanceof SqlLiteral)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFalse(SqlNode condition) {
        Boolean value = constant(condition);
        return value != null && !value;
    }

    /** The value of a condition made of literals only, or null if it depends on the rows. */
    private static Boolean constant(SqlNode node) {
        if (node instanceof SqlLiteral literal
                && literal.getTypeName().getName().equals("BOOLEAN")) {
            Object value = literal.getValue();
            return value instanceof Boolean b ? b : null;
        }
        if (!(node instanceof SqlBasicCall call)) {
            return null;
        }
        SqlKind kind = call.getKind();
        if (kind == SqlKind.NOT) {
            Boolean operand = constant(call.operand(0));
            return operand == null ? null : !operand;
        }
        if (kind == SqlKind.AND || kind == SqlKind.OR) {
            boolean and = kind == SqlKind.AND;
            boolean unknown = false;
            for (SqlNode operand : call.getOperandList()) {
                Boolean value = constant(operand);
                if (value == null) {
                    unknown = true;
                } else if (value != and) {
                    return value; // FALSE decides an AND, TRUE an OR
                }
            }
            return unknown ? null : and;
        }
        if (call.operandCount() == 2
                && call.operand(0) instanceof SqlNumericLiteral left
                && call.operand(1) instanceof SqlNumericLiteral right) {
            int order =
                    left.getValueAs(BigDecimal.class).compareTo(right.getValueAs(BigDecimal.class));
            return switch (kind) {
                case EQUALS -> order == 0;
                case NOT_EQUALS -> order != 0;
                case LESS_THAN -> order < 0;
                case LESS_THAN_OR_EQUAL -> order <= 0;
                case GREATER_THAN -> order > 0;
                case GREATER_THAN_OR_EQUAL -> order >= 0;
                default -> null;
            };
        }
        return null;
    }
}
