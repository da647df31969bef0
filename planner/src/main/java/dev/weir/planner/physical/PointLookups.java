package dev.weir.planner.physical;

import dev.weir.common.type.ValueType;
import dev.weir.plan.PointLookup;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.validate.CatalogSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;

/**
 * Recognizes a query that reads one row of a materialized view or a table by its whole key and
 * selects some of its columns: a filter of only {@code key = literal} conjuncts, one per key
 * column, and a projection of plain columns. Anything more and the query runs as a job.
 */
final class PointLookups {
    private PointLookups() {}

    /** The lookup that answers {@code rel}, or null. */
    static PointLookup of(RelNode rel) {
        if (!(rel instanceof Calc calc) || !(calc.getInput() instanceof TableScan scan)) {
            return null;
        }
        CatalogSchema.ObjectTable table = scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject object = table == null ? null : table.object();
        List<String> keyColumns;
        if (object instanceof MaterializedViewDef view) {
            keyColumns = view.key();
        } else if (object instanceof TableDef keyed) {
            keyColumns = keyed.primaryKey();
        } else {
            return null;
        }
        if (keyColumns.isEmpty()) {
            return null;
        }
        RexProgram program = calc.getProgram();
        if (program.getCondition() == null) {
            return null;
        }
        RelDataType rowType = scan.getRowType();
        Map<Integer, Object> pinned = new HashMap<>();
        for (RexNode conjunct :
                RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()))) {
            if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS) {
                return null;
            }
            RexNode left = call.getOperands().get(0);
            RexNode right = call.getOperands().get(1);
            if (right instanceof RexInputRef && left instanceof RexLiteral) {
                RexNode swap = left;
                left = right;
                right = swap;
            }
            if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)) {
                return null;
            }
            Object value =
                    valueOf(
                            literal,
                            ValueTypes.of(rowType.getFieldList().get(ref.getIndex()).getType()));
            if (value == null || pinned.put(ref.getIndex(), value) != null) {
                return null;
            }
        }
        List<Object> key = new ArrayList<>();
        for (String column : keyColumns) {
            Object value = pinned.remove(rowType.getFieldNames().indexOf(column));
            if (value == null) {
                return null;
            }
            key.add(value);
        }
        if (!pinned.isEmpty()) {
            return null; // a condition on a column outside the key
        }
        List<Integer> projection = new ArrayList<>();
        for (RexNode project : program.getProjectList()) {
            if (!(program.expandLocalRef((org.apache.calcite.rex.RexLocalRef) project)
                    instanceof RexInputRef ref)) {
                return null;
            }
            projection.add(ref.getIndex());
        }
        return new PointLookup(object.name(), key, projection);
    }

    /** The literal as the executor stores a value of {@code type}, or null if not exactly so. */
    private static Object valueOf(RexLiteral literal, ValueType type) {
        if (literal.isNull()) {
            return null; // k = NULL matches nothing; the job says so
        }
        try {
            return switch (type) {
                case TINYINT -> literal.getValueAs(BigDecimal.class).byteValueExact();
                case SMALLINT -> literal.getValueAs(BigDecimal.class).shortValueExact();
                case INTEGER -> literal.getValueAs(BigDecimal.class).intValueExact();
                case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
                case VARCHAR -> literal.getValueAs(String.class);
                case BOOLEAN -> literal.getValueAs(Boolean.class);
                default -> null;
            };
        } catch (ArithmeticException | ClassCastException | AssertionError e) {
            return null;
        }
    }
}
