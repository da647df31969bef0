package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.LookupJoinNode;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * A processing-time lookup join ({@link LookupJoinNode}): a join whose right input is a snapshot of
 * a table {@code FOR SYSTEM_TIME AS OF} a left field (as {@link
 * dev.weir.planner.rules.TemporalJoins} leaves it). The left field must be a processing-time
 * attribute of the left input, the left input append-only, and the ON must equate each primary key
 * column of the table with a left field of the same encoding: the key looked up. Other equalities
 * and conditions are checked on the row found. What the text showed, validation refused with a
 * position; this refuses the rest (a view's query, a subquery's columns) with the same messages.
 */
final class LookupJoinTranslator implements RelTranslator<Join> {
    @Override
    public Class<Join> relClass() {
        return Join.class;
    }

    @Override
    public boolean accepts(Join join) {
        return join.getRight() instanceof Snapshot snapshot && tableOf(snapshot).isPresent();
    }

    private static Optional<TableDef> tableOf(Snapshot snapshot) {
        if (!(snapshot.getInput() instanceof TableScan scan)) {
            return Optional.empty();
        }
        CatalogSchema.ObjectTable table = scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
        return table != null && table.object() instanceof TableDef def
                ? Optional.of(def)
                : Optional.empty();
    }

    @Override
    public Translated translate(Join join, TranslationContext context) {
        Snapshot snapshot = (Snapshot) join.getRight();
        TableDef table = tableOf(snapshot).orElseThrow();
        JoinKind kind = JoinTranslator.kindOf(join);
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
            throw UnsupportedQueries.temporalJoinPlacement(Optional.empty());
        }
        Set<Integer> procTimes = ProcTimeAttributes.of(join.getLeft());
        if (!(snapshot.getPeriod() instanceof RexInputRef period)
                || !procTimes.contains(period.getIndex())) {
            throw UnsupportedQueries.lookupJoinPeriod(Optional.empty());
        }
        if (table.primaryKey().isEmpty()) {
            throw UnsupportedQueries.lookupJoinWithoutPrimaryKey(table.name(), Optional.empty());
        }
        Translated left = context.translate(join.getLeft());
        if (left.mode() != ChangelogMode.INSERT_ONLY) {
            throw UnsupportedQueries.lookupJoinInputRetracts(Optional.empty());
        }
        List<String> tableColumns = snapshot.getRowType().getFieldNames();
        List<Integer> tableKey = new ArrayList<>();
        for (String column : table.primaryKey()) {
            tableKey.add(tableColumns.indexOf(column));
        }
        JoinInfo info = JoinInfo.of(join.getLeft(), snapshot, join.getCondition());
        List<RexNode> rest = new ArrayList<>(info.nonEquiConditions);
        JoinTranslator.Keys keys = JoinTranslator.splitKeys(join, info, rest, context.rexBuilder());
        // Each key column takes its value from the first equality that names it; every other
        // equality is checked on the row found.
        Integer[] lookupKeys = new Integer[tableKey.size()];
        int leftCount = join.getLeft().getRowType().getFieldCount();
        for (int i = 0; i < keys.left().size(); i++) {
            int keyPosition = tableKey.indexOf(keys.right().get(i));
            if (keyPosition >= 0 && lookupKeys[keyPosition] == null) {
                lookupKeys[keyPosition] = keys.left().get(i);
            } else {
                rest.add(
                        equality(
                                join,
                                keys.left().get(i),
                                keys.right().get(i),
                                leftCount,
                                keys.nullSafe().get(i),
                                context.rexBuilder()));
            }
        }
        for (Integer lookupKey : lookupKeys) {
            if (lookupKey == null) {
                throw UnsupportedQueries.lookupJoinWithoutKey(
                        table.name(), table.primaryKey(), Optional.empty());
            }
        }
        JoinTranslator.Condition condition = JoinTranslator.condition(join, rest, context);
        List<FieldSpec> fields = ValueTypes.fieldsOf(join.getRowType());
        List<FieldSpec> tableFields = ValueTypes.fieldsOf(snapshot.getRowType());
        int id =
                context.add(
                        i ->
                                new LookupJoinNode(
                                        i,
                                        left.id(),
                                        fields,
                                        kind,
                                        table.name(),
                                        tableFields,
                                        tableKey,
                                        List.of(lookupKeys),
                                        condition.code(),
                                        condition.text()));
        // Each row comes out once, as it arrives: insert-only.
        return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }

    /** The equality of a left field and a table field, over the joined row. */
    private static RexNode equality(
            Join join,
            int left,
            int right,
            int leftCount,
            boolean nullSafe,
            RexBuilder rexBuilder) {
        RelDataTypeField l = join.getLeft().getRowType().getFieldList().get(left);
        RelDataTypeField r = join.getRight().getRowType().getFieldList().get(right);
        return rexBuilder.makeCall(
                nullSafe ? SqlStdOperatorTable.IS_NOT_DISTINCT_FROM : SqlStdOperatorTable.EQUALS,
                rexBuilder.makeInputRef(l.getType(), left),
                rexBuilder.makeInputRef(r.getType(), leftCount + right));
    }
}
