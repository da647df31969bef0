package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * Refuses, with the position of the part at fault, the {@code FOR SYSTEM_TIME AS OF} shapes Weir
 * does not compute. Supported is the event-time temporal join: {@code [LEFT] JOIN r FOR SYSTEM_TIME
 * AS OF l.time ON ...}, where {@code r} is a stream with a WATERMARK (Weir's versioned relation:
 * each row a version of its join key from its event time on), {@code l.time} the left input's
 * event-time attribute, and the ON has an equality of a column of each side (the version key).
 *
 * <p>And the processing-time lookup join: {@code [LEFT] JOIN t FOR SYSTEM_TIME AS OF l.proc_time ON
 * ...}, where {@code t} is a table with a PRIMARY KEY, {@code l.proc_time} the left input's
 * processing-time attribute ({@code AS PROCTIME()}), and the ON equates each key column with a left
 * column.
 *
 * <p>A view after FOR SYSTEM_TIME AS OF is left to the translator: it is a versioned view when its
 * query is a last-row deduplication by event time, which its plan shows.
 *
 * <p>What the text shows is checked here: where the clause stands, what it reads, what AS OF names
 * when the left input is a stream named in the FROM, and the key equality. What depends on the plan
 * (whether a column of a subquery or view is still an event-time attribute, whether an input
 * retracts) the translator checks, with the same messages.
 */
final class TemporalJoinChecks extends SqlBasicVisitor<Void> {
    private final SqlValidator validator;

    /** The snapshots that stand where a temporal join may: checked with their join. */
    private final Set<SqlNode> joined = Collections.newSetFromMap(new IdentityHashMap<>());

    private TemporalJoinChecks(SqlValidator validator) {
        this.validator = validator;
    }

    /**
     * @throws dev.weir.common.error.WeirException UNSUPPORTED_STREAMING_QUERY
     */
    static void check(SqlNode validated, SqlValidator validator) {
        validated.accept(new TemporalJoinChecks(validator));
    }

    @Override
    public Void visit(SqlCall call) {
        if (call instanceof SqlJoin join) {
            Optional<SqlSnapshot> snapshot = snapshotOf(join.getRight());
            if (snapshot.isPresent() && standsInTemporalJoin(join)) {
                joined.add(snapshot.get());
                checkJoin(join, snapshot.get());
            }
        }
        if (call instanceof SqlSnapshot snapshot && !joined.contains(snapshot)) {
            throw UnsupportedQueries.temporalJoinPlacement(position(snapshot));
        }
        return super.visit(call);
    }

    private static boolean standsInTemporalJoin(SqlJoin join) {
        JoinType type = join.getJoinType();
        return (type == JoinType.INNER || type == JoinType.LEFT)
                && join.getConditionType() != JoinConditionType.NONE;
    }

    private void checkJoin(SqlJoin join, SqlSnapshot snapshot) {
        Optional<TableDef> table =
                catalogObjectOf(snapshot.getTableRef())
                        .filter(o -> o instanceof TableDef)
                        .map(o -> (TableDef) o);
        SqlNode period = snapshot.getPeriod();
        Optional<StreamDef> leftStream = streamOf(strip(join.getLeft()));
        String leftAlias = aliasOf(join.getLeft());
        boolean procTimePeriod =
                period instanceof SqlIdentifier column
                        && leftStream.isPresent()
                        && names(column, leftAlias, leftStream.get().procTimeColumn());
        if (table.isPresent()) {
            checkLookupJoin(join, snapshot, table.get(), leftStream.isPresent(), procTimePeriod);
            return;
        }
        if (procTimePeriod) {
            throw UnsupportedQueries.lookupJoinNotTable(
                    nameOf(snapshot.getTableRef()),
                    kindOf(snapshot.getTableRef()),
                    position(snapshot.getTableRef()));
        }
        versionedStream(snapshot.getTableRef());
        if (!(period instanceof SqlIdentifier periodColumn)) {
            throw UnsupportedQueries.temporalJoinPeriod(position(period));
        }
        if (leftStream.isPresent()
                && !names(periodColumn, leftAlias, leftStream.get().watermarkColumn())) {
            throw UnsupportedQueries.temporalJoinPeriod(position(period));
        }
        if (join.getConditionType() == JoinConditionType.ON
                && !hasKeyEquality(join.getCondition(), aliasOf(join.getRight()))) {
            throw UnsupportedQueries.temporalJoinWithoutKey(position(join.getCondition()));
        }
    }

    /**
     * A lookup join (AS OF a processing-time attribute, a table on the right): AS OF must name the
     * left stream's processing-time attribute (when the left input is a stream named in the FROM;
     * otherwise the translator checks it), the table must have a primary key, and the ON must
     * equate each of its columns with a column of the left input.
     */
    private void checkLookupJoin(
            SqlJoin join,
            SqlSnapshot snapshot,
            TableDef table,
            boolean leftIsStream,
            boolean procTimePeriod) {
        SqlNode period = snapshot.getPeriod();
        if (!(period instanceof SqlIdentifier) || leftIsStream && !procTimePeriod) {
            throw UnsupportedQueries.lookupJoinPeriod(position(period));
        }
        if (table.primaryKey().isEmpty()) {
            throw UnsupportedQueries.lookupJoinWithoutPrimaryKey(
                    table.name(), position(snapshot.getTableRef()));
        }
        String rightAlias = aliasOf(join.getRight());
        for (String keyColumn : table.primaryKey()) {
            if (join.getConditionType() == JoinConditionType.ON
                    && !hasKeyEquality(join.getCondition(), rightAlias, keyColumn)) {
                throw UnsupportedQueries.lookupJoinWithoutKey(
                        table.name(), table.primaryKey(), position(join.getCondition()));
            }
        }
    }

    /** Whether {@code column} is {@code alias.name}. */
    private static boolean names(SqlIdentifier column, String alias, String name) {
        return name != null
                && column.names.size() == 2
                && column.names.get(0).equals(alias)
                && column.names.get(1).equals(name);
    }

    /** The catalog object a FROM item's name resolved to, if it is a name of one. */
    private Optional<CatalogObject> catalogObjectOf(SqlNode tableRef) {
        return tableOf(tableRef)
                .filter(t -> t instanceof CatalogSchema.ObjectTable)
                .map(t -> ((CatalogSchema.ObjectTable) t).object());
    }

    private static String nameOf(SqlNode tableRef) {
        return tableRef instanceof SqlIdentifier id
                ? id.names.get(id.names.size() - 1)
                : tableRef.toString();
    }

    /** What a relation is, in words, for a message. */
    private String kindOf(SqlNode tableRef) {
        Optional<Object> table = tableOf(tableRef);
        if (table.isPresent() && table.get() instanceof CatalogSchema.ObjectTable object) {
            CatalogObject def = object.object();
            if (def instanceof StreamDef) {
                return "a stream";
            }
            return def instanceof MaterializedViewDef ? "a materialized view" : "a view";
        }
        if (table.isPresent() && table.get() instanceof CatalogSchema.ViewTable) {
            return "a view";
        }
        return table.isPresent() ? "a system table" : "not a named table";
    }

    /** Refuses a relation that is no stream with a watermark or view. */
    private void versionedStream(SqlNode tableRef) {
        Optional<Object> table = tableOf(tableRef);
        if (table.isEmpty()) {
            return; // not a named relation: the translator decides
        }
        String name =
                tableRef instanceof SqlIdentifier id
                        ? id.names.get(id.names.size() - 1)
                        : tableRef.toString();
        String kind;
        if (table.get() instanceof CatalogSchema.ObjectTable object) {
            CatalogObject def = object.object();
            if (def instanceof StreamDef stream && stream.watermark().isPresent()) {
                return;
            }
            if (def instanceof StreamDef) {
                kind = "a stream without a WATERMARK (no event time)";
            } else if (def instanceof TableDef) {
                kind = "a table (no event time)";
            } else if (def instanceof MaterializedViewDef) {
                kind = "a materialized view";
            } else {
                kind = "a view";
            }
        } else if (table.get() instanceof CatalogSchema.ViewTable) {
            // A versioned view (a last-row deduplication by event time) or not: its query, which
            // the translator sees, says.
            return;
        } else {
            kind = "a system table";
        }
        throw UnsupportedQueries.temporalJoinNotVersioned(name, kind, position(tableRef));
    }

    /** The stream {@code node} names, when it is a name of one. */
    private Optional<StreamDef> streamOf(SqlNode node) {
        if (!(node instanceof SqlIdentifier)) {
            return Optional.empty();
        }
        return tableOf(node)
                .filter(t -> t instanceof CatalogSchema.ObjectTable)
                .map(t -> ((CatalogSchema.ObjectTable) t).object())
                .filter(o -> o instanceof StreamDef)
                .map(o -> (StreamDef) o);
    }

    /** The schema table a FROM item's name resolved to, if it is a name. */
    private Optional<Object> tableOf(SqlNode node) {
        if (!(node instanceof SqlIdentifier)) {
            return Optional.empty();
        }
        SqlValidatorNamespace namespace = validator.getNamespace(node);
        SqlValidatorTable table = namespace == null ? null : namespace.getTable();
        return table == null ? Optional.empty() : Optional.ofNullable(table.unwrap(Table.class));
    }

    /**
     * Whether a conjunct of the ON is an equality of a right column and a column not the right's.
     */
    private static boolean hasKeyEquality(SqlNode condition, String rightAlias) {
        return hasKeyEquality(condition, rightAlias, null);
    }

    /**
     * Whether a conjunct of the ON is an equality of a right column ({@code rightColumn}, or any
     * when null) and a column not the right's.
     */
    private static boolean hasKeyEquality(
            SqlNode condition, String rightAlias, String rightColumn) {
        if (!(condition instanceof SqlCall call)) {
            return false;
        }
        if (call.getKind() == SqlKind.AND) {
            for (SqlNode operand : call.getOperandList()) {
                if (hasKeyEquality(operand, rightAlias, rightColumn)) {
                    return true;
                }
            }
            return false;
        }
        if (call.getKind() != SqlKind.EQUALS && call.getKind() != SqlKind.IS_NOT_DISTINCT_FROM) {
            return false;
        }
        SqlNode a = call.operand(0);
        SqlNode b = call.operand(1);
        if (!(a instanceof SqlIdentifier x
                && b instanceof SqlIdentifier y
                && isOf(x, rightAlias) != isOf(y, rightAlias))) {
            return false;
        }
        SqlIdentifier right = isOf(x, rightAlias) ? x : y;
        return rightColumn == null || right.names.get(1).equals(rightColumn);
    }

    /** The name a FROM item's columns are qualified with once validated. */
    private static String aliasOf(SqlNode fromItem) {
        SqlNode item = strip(fromItem);
        if (item instanceof SqlSnapshot snapshot && fromItem == item) {
            return aliasOf(snapshot.getTableRef());
        }
        return Objects.requireNonNullElse(SqlValidatorUtil.alias(fromItem), "");
    }

    private static boolean isOf(SqlIdentifier column, String alias) {
        return column.names.size() == 2 && column.names.get(0).equals(alias);
    }

    private static Optional<SqlSnapshot> snapshotOf(SqlNode fromItem) {
        SqlNode item = strip(fromItem);
        return item instanceof SqlSnapshot snapshot ? Optional.of(snapshot) : Optional.empty();
    }

    /** A FROM item without its alias. */
    private static SqlNode strip(SqlNode fromItem) {
        return fromItem.getKind() == SqlKind.AS ? ((SqlCall) fromItem).operand(0) : fromItem;
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }
}
