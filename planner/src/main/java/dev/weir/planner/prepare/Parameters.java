package dev.weir.planner.prepare;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.planner.catalog.ColumnDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * The {@code ?} markers of a statement, and their binding: each marker is replaced by a literal of
 * its parameter's type, so the statement runs exactly as if the value had been written in its place
 * (its error positions included: a literal takes its marker's position), with no plan specific to
 * parameters anywhere below.
 */
public final class Parameters {
    private Parameters() {}

    /**
     * The markers of {@code statement}, in the order of their numbers (their order in the text).
     */
    public static List<SqlDynamicParam> markers(SqlNode statement) {
        List<SqlDynamicParam> markers = new ArrayList<>();
        collect(statement, markers);
        markers.sort(Comparator.comparingInt(SqlDynamicParam::getIndex));
        return markers;
    }

    private static void collect(SqlNode node, List<SqlDynamicParam> markers) {
        if (node instanceof SqlDynamicParam marker) {
            markers.add(marker);
        } else if (node instanceof SqlNodeList list) {
            list.forEach(n -> collect(n, markers));
        } else if (node instanceof SqlCall call) {
            call.getOperandList().forEach(n -> collect(n, markers));
        }
    }

    /**
     * Refuses a statement with markers run without values (a {@code Statement}, not a {@code
     * PreparedStatement}), at the first marker.
     */
    public static void requireNone(SqlNode statement) {
        List<SqlDynamicParam> markers = markers(statement);
        if (!markers.isEmpty()) {
            throw new WeirException(
                    ErrorCode.INVALID_ARGUMENT,
                    Optional.of(Positions.of(markers.get(0).getParserPosition())),
                    "The statement has "
                            + markers.size()
                            + (markers.size() == 1 ? " parameter" : " parameters")
                            + " ('?') and no values for them: run it as a prepared statement and"
                            + " set them.");
        }
    }

    /**
     * {@code statement} with each marker replaced by its value, a literal of the marker's type (as
     * {@link StatementDescription} found it). Changes {@code statement} in place where its nodes
     * allow it.
     *
     * @param values one per marker, in order: null, Boolean, a Number, a String, or a {@code
     *     java.time} LocalDate, LocalTime or LocalDateTime
     */
    public static SqlNode bind(SqlNode statement, List<ColumnDef> types, List<Object> values) {
        if (values.size() != types.size()) {
            throw new WeirException(
                    ErrorCode.INVALID_ARGUMENT,
                    Optional.empty(),
                    "The statement has "
                            + types.size()
                            + " parameters, but "
                            + values.size()
                            + " values were given.");
        }
        return new Binder(types, values).bind(statement, false);
    }

    /** Replaces markers below a node, rebuilding the nodes that cannot be changed in place. */
    private record Binder(List<ColumnDef> types, List<Object> values) {
        SqlNode bind(SqlNode node, boolean rowCount) {
            if (node instanceof SqlDynamicParam marker) {
                int i = marker.getIndex();
                return ParameterLiterals.literal(
                        values.get(i), types.get(i), i + 1, marker.getParserPosition(), rowCount);
            }
            if (node instanceof SqlNodeList list) {
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, bind(list.get(i), false));
                }
                return list;
            }
            if (node instanceof SqlEmitQuery emit) {
                return new SqlEmitQuery(
                        emit.getParserPosition(), bind(emit.query(), false), emit.emit());
            }
            if (node instanceof SqlOrderBy orderBy) {
                return new SqlOrderBy(
                        orderBy.getParserPosition(),
                        bind(orderBy.query, false),
                        (SqlNodeList) bind(orderBy.orderList, false),
                        bindNullable(orderBy.offset, true),
                        bindNullable(orderBy.fetch, true));
            }
            if (node instanceof SqlCall call) {
                List<SqlNode> operands = call.getOperandList();
                for (int i = 0; i < operands.size(); i++) {
                    SqlNode operand = operands.get(i);
                    if (operand == null) {
                        continue;
                    }
                    SqlNode bound = bind(operand, isRowCount(call, operand));
                    if (bound != operand) {
                        setOperand(call, i, bound);
                    }
                }
                return call;
            }
            return node;
        }

        private SqlNode bindNullable(SqlNode node, boolean rowCount) {
            return node == null ? null : bind(node, rowCount);
        }

        /** OFFSET and FETCH take a number, not an expression: their value stays a bare literal. */
        private static boolean isRowCount(SqlCall call, SqlNode operand) {
            return call instanceof SqlSelect select
                    && (operand == select.getOffset() || operand == select.getFetch());
        }

        private static void setOperand(SqlCall call, int i, SqlNode bound) {
            try {
                call.setOperand(i, bound);
            } catch (UnsupportedOperationException e) {
                throw new WeirException(
                        ErrorCode.NOT_SUPPORTED,
                        Optional.of(Positions.of(call.getParserPosition())),
                        "Parameters ('?') are not supported in this part of a statement.");
            }
        }
    }
}
