package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JobGraph;
import dev.weir.plan.JoinKind;
import dev.weir.plan.PointLookup;
import dev.weir.plan.WindowSpec;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.SystemTable;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.validate.CatalogSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns a validated logical plan into a {@link JobGraph} of incremental operators: Calcite rules
 * fuse filters and projections into calcs, then each logical operator maps to a streaming one that
 * knows its changelog mode. A windowing function under an aggregate that groups by window_start and
 * window_end becomes one window aggregate, which completes by the watermark.
 */
public final class StreamPlanner {
    private final JavaTypeFactory typeFactory;
    private final RexBuilder rexBuilder;
    private final EmitSpec emit;
    private final List<ExecNode> nodes = new ArrayList<>();
    private boolean windowAggregateAtRoot;

    private StreamPlanner(JavaTypeFactory typeFactory, RexBuilder rexBuilder, EmitSpec emit) {
        this.typeFactory = typeFactory;
        this.rexBuilder = rexBuilder;
        this.emit = emit;
    }

    /**
     * How the result is realized, as the EMIT clause says.
     *
     * @param position the EMIT clause's position, for errors about it
     */
    public record EmitSpec(
            boolean stream,
            boolean afterWatermark,
            long delayMillis,
            long allowedLatenessMillis,
            boolean snapshot,
            Optional<Position> position) {
        public static final EmitSpec TABLE =
                new EmitSpec(false, false, 0, 0, true, Optional.empty());
    }

    public static JobGraph plan(
            RelRoot root, JavaTypeFactory typeFactory, RexBuilder rexBuilder, EmitSpec emit) {
        return new StreamPlanner(typeFactory, rexBuilder, emit).plan(root);
    }

    private JobGraph plan(RelRoot root) {
        RelNode rel = root.project();
        List<Integer> sortFields = new ArrayList<>();
        long offset = 0;
        long limit = -1;
        int visibleColumns = rel.getRowType().getFieldCount();
        List<String> columnNames = rel.getRowType().getFieldNames();
        if (rel instanceof Project project && project.getInput() instanceof Sort sort) {
            // ORDER BY a column that is not selected: select it too, hidden after the visible
            // ones, sort, then drop it.
            List<RexNode> projects = new ArrayList<>(project.getProjects());
            List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
            for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
                int position = projects.indexOf(rexBuilder.makeInputRef(sort, c.getFieldIndex()));
                if (position < 0) {
                    projects.add(rexBuilder.makeInputRef(sort, c.getFieldIndex()));
                    names.add("$sort" + c.getFieldIndex());
                    position = projects.size() - 1;
                }
                sortFields.add(c.direction.isDescending() ? -position - 1 : position);
            }
            offset = sort.offset == null ? 0 : RexLiteral.intValue(sort.offset);
            limit = sort.fetch == null ? -1 : RexLiteral.intValue(sort.fetch);
            rel =
                    LogicalProject.create(
                            sort.getInput(), List.of(), projects, names, java.util.Set.of());
        } else if (rel instanceof Sort sort) {
            for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
                sortFields.add(
                        c.direction.isDescending() ? -c.getFieldIndex() - 1 : c.getFieldIndex());
            }
            offset = sort.offset == null ? 0 : RexLiteral.intValue(sort.offset);
            limit = sort.fetch == null ? -1 : RexLiteral.intValue(sort.fetch);
            rel = sort.getInput();
        }
        rel = fuseCalcs(rel);
        PointLookup lookup =
                sortFields.isEmpty() && limit < 0 && offset == 0 ? PointLookups.of(rel) : null;
        Translated result = translate(rel);
        if (emit.afterWatermark() && !windowAggregateAtRoot) {
            throw Errors.unsupportedStreamingQuery(
                    emit.position(),
                    "EMIT AFTER WATERMARK needs results that the watermark completes: a windowed"
                            + " aggregate (GROUP BY window_start, window_end) at the top of the"
                            + " query.");
        }
        boolean early = emit.afterWatermark() && emit.delayMillis() > 0;
        if (emit.delayMillis() > 0 && (emit.stream() || !emit.afterWatermark())) {
            // With AFTER WATERMARK too (early results): the window aggregate updates on every row,
            // this holds the updates back by the delay and lets a window's last one out when the
            // watermark completes the window. A table realization shows complete windows only.
            int windowEnd = -1;
            if (early) {
                for (int i = 0; i < result.fields().size(); i++) {
                    if (result.fields().get(i).name().equalsIgnoreCase("window_end")) {
                        windowEnd = i;
                    }
                }
                if (windowEnd < 0 || result.key().isEmpty()) {
                    throw Errors.unsupportedStreamingQuery(
                            emit.position(),
                            "EMIT AFTER WATERMARK AND AFTER DELAY needs window_start, window_end"
                                    + " and every GROUP BY column in the SELECT list: they say"
                                    + " which early result a later one replaces, and when a"
                                    + " window's result is final.");
                }
            }
            int id = nodes.size();
            nodes.add(
                    new ExecNode.EmitDelay(
                            id,
                            result.id(),
                            result.fields(),
                            result.key(),
                            emit.delayMillis(),
                            windowEnd,
                            emit.allowedLatenessMillis()));
        }
        return new JobGraph(
                nodes,
                columnNames,
                visibleColumns,
                result.key(),
                sortFields,
                offset,
                limit,
                lookup);
    }

    /**
     * IN, EXISTS and scalar subqueries become joins (and aggregates), correlated ones decorrelated
     * as Calcite does: the streaming operators know joins, not subqueries.
     */
    private static RelNode removeSubQueries(RelNode rel) {
        if (!containsSubQuery(rel)) {
            return rel;
        }
        HepProgram program =
                HepProgram.builder()
                        .addRuleCollection(
                                List.of(
                                        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                                        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                                        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
                        .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        RelNode removed = planner.findBestExp();
        return RelDecorrelator.decorrelateQuery(
                removed, RelFactories.LOGICAL_BUILDER.create(removed.getCluster(), null));
    }

    private static boolean containsSubQuery(RelNode rel) {
        boolean here =
                rel instanceof Project p && RexUtil.SubQueryFinder.containsSubQuery(p)
                        || rel instanceof Filter f && RexUtil.SubQueryFinder.containsSubQuery(f)
                        || rel instanceof Join j && RexUtil.SubQueryFinder.containsSubQuery(j);
        if (here) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsSubQuery(input)) {
                return true;
            }
        }
        return false;
    }

    private static RelNode fuseCalcs(RelNode rel) {
        rel = removeSubQueries(rel);
        HepProgram program =
                HepProgram.builder()
                        // WHERE conditions over a join (and FROM a, b WHERE a.k = b.k) become its
                        // ON condition or filters below it; key expressions (casts) become
                        // projections below it, so the keys are plain fields.
                        .addRuleCollection(
                                List.of(
                                        CoreRules.FILTER_INTO_JOIN,
                                        CoreRules.JOIN_CONDITION_PUSH,
                                        CoreRules.JOIN_PUSH_EXPRESSIONS))
                        .addRuleInstance(CoreRules.FILTER_TO_CALC)
                        .addRuleInstance(CoreRules.PROJECT_TO_CALC)
                        .addRuleInstance(CoreRules.CALC_MERGE)
                        .addRuleInstance(CoreRules.CALC_REMOVE)
                        .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    /** A translated subtree: its node, output fields, and the fields that key its rows. */
    private record Translated(
            int id, List<FieldSpec> fields, ChangelogMode mode, List<Integer> key, int windowEnd) {
        Translated(int id, List<FieldSpec> fields, ChangelogMode mode, List<Integer> key) {
            this(id, fields, mode, key, -1);
        }
    }

    private Translated translate(RelNode rel) {
        windowAggregateAtRoot = false;
        if (rel instanceof TableScan scan) {
            return source(scan);
        }
        if (rel instanceof Values values) {
            List<FieldSpec> fields = ValueTypes.fieldsOf(values.getRowType());
            List<List<Object>> rows = new ArrayList<>();
            for (List<RexLiteral> tuple : values.getTuples()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < tuple.size(); i++) {
                    row.add(ValueTypes.internalValue(tuple.get(i), fields.get(i).type()));
                }
                rows.add(row);
            }
            int id = nodes.size();
            nodes.add(new ExecNode.Values(id, fields, rows));
            return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of());
        }
        if (rel instanceof Calc calc
                && calc.getInput() instanceof Aggregate aggregate
                && windowInput(aggregate).isPresent()) {
            return windowAggregate(aggregate, calc.getProgram());
        }
        if (rel instanceof Calc calc) {
            Translated input = translate(calc.getInput());
            boolean windowed = windowAggregateAtRoot;
            Translated result = calc(input, calc.getProgram(), "calc");
            windowAggregateAtRoot = windowed;
            return new Translated(
                    result.id(),
                    result.fields(),
                    input.mode(),
                    keyThroughCalc(input.key(), calc.getProgram()),
                    fieldThroughCalc(input.windowEnd(), calc.getProgram()));
        }
        if (rel instanceof Aggregate aggregate) {
            return aggregate(aggregate);
        }
        if (rel instanceof Join join) {
            return join(join);
        }
        if (rel instanceof Union union) {
            if (!union.all) {
                throw Errors.unsupportedStreamingQuery(
                        Optional.empty(),
                        "UNION without ALL is not supported on streams yet; use UNION ALL.");
            }
            List<Integer> inputs = new ArrayList<>();
            ChangelogMode mode = ChangelogMode.INSERT_ONLY;
            for (RelNode input : union.getInputs()) {
                Translated t = translate(input);
                inputs.add(t.id());
                if (t.mode() == ChangelogMode.RETRACT) {
                    mode = ChangelogMode.RETRACT;
                }
            }
            int id = nodes.size();
            List<FieldSpec> fields = ValueTypes.fieldsOf(union.getRowType());
            nodes.add(new ExecNode.Union(id, inputs, fields, mode));
            windowAggregateAtRoot = false;
            return new Translated(id, fields, mode, List.of());
        }
        if (rel instanceof TableFunctionScan scan && isWindow(scan)) {
            // SESSION rows wait for their session to close (its end is not known before), so
            // they come out when the watermark passes it; the other windows annotate at once.
            WindowCall window = windowCall((RexCall) scan.getCall());
            Translated in = insertOnly(translate(scan.getInput(0)));
            int id = nodes.size();
            List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
            nodes.add(
                    new ExecNode.WindowAssign(
                            id, in.id(), fields, window.spec(), window.timeField()));
            windowAggregateAtRoot = false;
            return new Translated(
                    id, fields, ChangelogMode.INSERT_ONLY, List.of(), fields.size() - 1);
        }
        throw Errors.unsupportedStreamingQuery(
                Optional.empty(),
                "This query shape ("
                        + rel.getRelTypeName().replace("Logical", "")
                        + ") is not supported on streams yet.");
    }

    /**
     * An equi-join: the ON condition's equalities between a left and a right field are its keys,
     * the rest is evaluated on each candidate pair. A join without equalities (a cross join, or ON
     * with only inequalities) has one key for all rows: correct, but each row meets every row of
     * the other side.
     */
    private Translated join(Join join) {
        JoinKind kind =
                switch (join.getJoinType()) {
                    case INNER -> JoinKind.INNER;
                    case LEFT -> JoinKind.LEFT;
                    case RIGHT -> JoinKind.RIGHT;
                    case FULL -> JoinKind.FULL;
                    case SEMI -> JoinKind.SEMI;
                    case ANTI -> JoinKind.ANTI;
                    default ->
                            throw Errors.unsupportedStreamingQuery(
                                    Optional.empty(),
                                    "This kind of join ("
                                            + join.getJoinType()
                                            + ") is not supported on streams yet.");
                };
        Translated left = translate(join.getLeft());
        Translated right = translate(join.getRight());
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        List<Boolean> nullSafe = new ArrayList<>();
        List<RexNode> remaining = new ArrayList<>(info.nonEquiConditions);
        int leftCount = join.getLeft().getRowType().getFieldCount();
        List<RelDataTypeField> leftFields = join.getLeft().getRowType().getFieldList();
        List<RelDataTypeField> rightFields = join.getRight().getRowType().getFieldList();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = info.leftKeys.get(i);
            int r = info.rightKeys.get(i);
            boolean excludesNull = info.nullExclusionFlags.get(i);
            if (sameKeyEncoding(leftFields.get(l).getType(), rightFields.get(r).getType())) {
                leftKeys.add(l);
                rightKeys.add(r);
                nullSafe.add(!excludesNull);
            } else {
                // Equal values would encode differently (a DECIMAL's scale): compare them as the
                // condition does, not by key.
                RexNode a = rexBuilder.makeInputRef(leftFields.get(l).getType(), l);
                RexNode b = rexBuilder.makeInputRef(rightFields.get(r).getType(), leftCount + r);
                remaining.add(
                        rexBuilder.makeCall(
                                excludesNull
                                        ? SqlStdOperatorTable.EQUALS
                                        : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM,
                                a,
                                b));
            }
        }
        // A window join: both sides windowed and joined on their window ends. The window_end
        // pair goes first, so the operator's state is ordered by window end.
        boolean windowed = false;
        for (int i = 0; i < leftKeys.size(); i++) {
            if (left.windowEnd() >= 0
                    && leftKeys.get(i) == left.windowEnd()
                    && rightKeys.get(i) == right.windowEnd()
                    && !nullSafe.get(i)) {
                leftKeys.add(0, leftKeys.remove(i));
                rightKeys.add(0, rightKeys.remove(i));
                nullSafe.add(0, nullSafe.remove(i));
                windowed = true;
                break;
            }
        }
        RexNode condition = RexUtil.composeConjunction(rexBuilder, remaining);
        String code = "";
        String text = "";
        if (!condition.isAlwaysTrue()) {
            // The condition reads both sides, even where the result has the left side only.
            RelDataType pairType =
                    SqlValidatorUtil.deriveJoinRowType(
                            join.getLeft().getRowType(),
                            join.getRight().getRowType(),
                            JoinRelType.INNER,
                            typeFactory,
                            null,
                            List.of());
            RexProgramBuilder builder = new RexProgramBuilder(pairType, rexBuilder);
            builder.addCondition(condition);
            code = CalcCodeGenerator.generate(builder.getProgram(), typeFactory);
            text = condition.toString();
        }
        // An inner join of appends only appends; a SEMI or ANTI join drops a left row again when
        // its partners come or go.
        ChangelogMode mode =
                kind == JoinKind.INNER
                                && left.mode() == ChangelogMode.INSERT_ONLY
                                && right.mode() == ChangelogMode.INSERT_ONLY
                        ? ChangelogMode.INSERT_ONLY
                        : ChangelogMode.RETRACT;
        int id = nodes.size();
        List<FieldSpec> fields = ValueTypes.fieldsOf(join.getRowType());
        nodes.add(
                new ExecNode.Join(
                        id,
                        left.id(),
                        right.id(),
                        fields,
                        kind,
                        leftKeys,
                        rightKeys,
                        nullSafe,
                        code,
                        text,
                        mode,
                        windowed,
                        windowed ? emit.allowedLatenessMillis() : 0));
        windowAggregateAtRoot = false;
        // The result keeps the left side's window end as its own (SEMI/ANTI: the only side).
        return new Translated(id, fields, mode, List.of(), windowed ? left.windowEnd() : -1);
    }

    /** Whether equal values of the two types always have equal state-key encodings. */
    private static boolean sameKeyEncoding(RelDataType a, RelDataType b) {
        if (ValueTypes.of(a) != ValueTypes.of(b)) {
            return false;
        }
        return a.getSqlTypeName() != SqlTypeName.DECIMAL || a.getScale() == b.getScale();
    }

    private Translated source(TableScan scan) {
        CatalogSchema.SystemTableTable system =
                scan.getTable().unwrap(CatalogSchema.SystemTableTable.class);
        if (system != null) {
            if (emit.stream()) {
                throw Errors.unsupportedStreamingQuery(
                        emit.position(),
                        "The system table '"
                                + system.table().name()
                                + "' is a snapshot of the server as of the query; query it without"
                                + " EMIT (again, to see it change).");
            }
            List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
            int id = nodes.size();
            nodes.add(
                    new ExecNode.Source(
                            id,
                            SystemTable.SCHEMA + "." + system.table().name(),
                            fields,
                            -1,
                            0,
                            Map.of(ExecNode.Source.SYSTEM_TABLE, system.table().name()),
                            ChangelogMode.INSERT_ONLY));
            return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of());
        }
        CatalogSchema.ObjectTable table = scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject object = table == null ? null : table.object();
        List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
        int id = nodes.size();
        if (object instanceof MaterializedViewDef view) {
            ChangelogMode mode =
                    view.appendOnly() ? ChangelogMode.INSERT_ONLY : ChangelogMode.RETRACT;
            nodes.add(new ExecNode.Source(id, view.name(), fields, -1, 0, Map.of(), mode));
            List<Integer> key = new ArrayList<>();
            for (String column : view.key()) {
                key.add(scan.getRowType().getFieldNames().indexOf(column));
            }
            return new Translated(id, fields, mode, key);
        }
        if (object instanceof TableDef keyed) {
            // A table's rows change: it is read as its changelog, keyed by its primary key.
            nodes.add(
                    new ExecNode.Source(
                            id, keyed.name(), fields, -1, 0, Map.of(), ChangelogMode.RETRACT));
            List<Integer> key = new ArrayList<>();
            for (String column : keyed.primaryKey()) {
                key.add(scan.getRowType().getFieldNames().indexOf(column));
            }
            return new Translated(id, fields, ChangelogMode.RETRACT, key);
        }
        if (!(object instanceof StreamDef stream)) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "Reading "
                            + (object == null
                                    ? "this object"
                                    : object.kindName().toLowerCase(Locale.ROOT)
                                            + " '"
                                            + object.name()
                                            + "'")
                            + " is not supported yet; only streams and materialized views can be"
                            + " queried.");
        }
        int timeField = -1;
        if (stream.watermark().isPresent()) {
            timeField = scan.getRowType().getFieldNames().indexOf(stream.watermarkColumn());
        }
        nodes.add(
                new ExecNode.Source(
                        id,
                        stream.name(),
                        fields,
                        timeField,
                        stream.watermarkDelayMillis(),
                        stream.options(),
                        ChangelogMode.INSERT_ONLY));
        return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }

    /** Windows are assigned to events: their input must be a stream of inserts. */
    private static Translated insertOnly(Translated input) {
        if (input.mode() != ChangelogMode.INSERT_ONLY) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "A windowing function needs an append-only input, but this input updates"
                            + " and retracts rows (an aggregate or a materialized view of one).");
        }
        return input;
    }

    private Translated calc(Translated input, RexProgram program, String description) {
        String code = CalcCodeGenerator.generate(program, typeFactory);
        int id = nodes.size();
        List<FieldSpec> fields = ValueTypes.fieldsOf(program.getOutputRowType());
        String text =
                program.getCondition() == null
                        ? ""
                        : "where=[" + program.expandLocalRef(program.getCondition()) + "], ";
        nodes.add(
                new ExecNode.Calc(
                        id,
                        input.id(),
                        fields,
                        input.mode(),
                        code,
                        text + "select=" + program.getOutputRowType().getFieldNames()));
        return new Translated(id, fields, input.mode(), List.of());
    }

    /** Where the calc puts input field {@code field} (as a plain column), or -1. */
    private static int fieldThroughCalc(int field, RexProgram program) {
        if (field < 0) {
            return -1;
        }
        List<Integer> mapped = keyThroughCalc(List.of(field), program);
        return mapped.isEmpty() ? -1 : mapped.get(0);
    }

    private static List<Integer> keyThroughCalc(List<Integer> key, RexProgram program) {
        if (key.isEmpty()) {
            return key;
        }
        List<Integer> mapped = new ArrayList<>();
        List<RexNode> projects =
                program.getProjectList().stream().map(program::expandLocalRef).toList();
        for (int k : key) {
            int found = -1;
            for (int i = 0; i < projects.size(); i++) {
                if (projects.get(i) instanceof RexInputRef ref && ref.getIndex() == k) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return List.of();
            }
            mapped.add(found);
        }
        return mapped;
    }

    private Translated aggregate(Aggregate aggregate) {
        if (windowInput(aggregate).isPresent()) {
            return windowAggregate(aggregate, null);
        }
        if (aggregate.getAggCallList().stream()
                .anyMatch(c -> c.getAggregation().getKind() == SqlKind.LITERAL_AGG)) {
            return withLiterals(aggregate);
        }
        Translated in = translate(aggregate.getInput());
        List<Integer> keys = aggregate.getGroupSet().asList();
        List<AggregateCallSpec> calls = calls(aggregate, i -> i);
        int id = nodes.size();
        List<FieldSpec> fields = ValueTypes.fieldsOf(aggregate.getRowType());
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.GROUPING
                    || call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.GROUP_ID) {
                throw Errors.unsupportedStreamingQuery(
                        Optional.empty(),
                        "GROUPING() and GROUP_ID() are not supported on streams yet.");
            }
        }
        List<List<Integer>> groupingSets = new ArrayList<>();
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            for (ImmutableBitSet set : aggregate.getGroupSets()) {
                groupingSets.add(set.asList());
            }
        }
        nodes.add(new ExecNode.GroupAggregate(id, in.id(), fields, keys, groupingSets, calls));
        windowAggregateAtRoot = false;
        List<Integer> key = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            key.add(i);
        }
        return new Translated(id, fields, ChangelogMode.RETRACT, key);
    }

    /**
     * LITERAL_AGG (Calcite's marker that a group exists, from NOT IN and similar rewrites) is a
     * constant in every group's row: aggregate COUNT(*) in its place, then project the constant.
     */
    private Translated withLiterals(Aggregate aggregate) {
        List<AggregateCall> calls = new ArrayList<>();
        List<RexNode> projects = new ArrayList<>();
        int groups = aggregate.getGroupCount();
        RelDataType countType = typeFactory.createSqlType(SqlTypeName.BIGINT);
        for (AggregateCall call : aggregate.getAggCallList()) {
            calls.add(
                    call.getAggregation().getKind() == SqlKind.LITERAL_AGG
                            ? AggregateCall.create(
                                    SqlStdOperatorTable.COUNT,
                                    false,
                                    false,
                                    false,
                                    List.of(),
                                    List.of(),
                                    -1,
                                    ImmutableBitSet.of(),
                                    RelCollations.EMPTY,
                                    countType,
                                    call.getName())
                            : call);
        }
        Aggregate counted =
                aggregate.copy(
                        aggregate.getTraitSet(),
                        aggregate.getInput(),
                        aggregate.getGroupSet(),
                        aggregate.getGroupSets(),
                        calls);
        for (int i = 0; i < aggregate.getRowType().getFieldCount(); i++) {
            AggregateCall call = i < groups ? null : aggregate.getAggCallList().get(i - groups);
            projects.add(
                    call != null && call.getAggregation().getKind() == SqlKind.LITERAL_AGG
                            ? call.rexList.get(0)
                            : rexBuilder.makeInputRef(counted, i));
        }
        Translated input = aggregate(counted);
        RexProgram program =
                RexProgram.create(
                        counted.getRowType(), projects, null, aggregate.getRowType(), rexBuilder);
        Translated result = calc(input, program, "group marker");
        return new Translated(result.id(), result.fields(), input.mode(), input.key());
    }

    private static boolean isWindow(TableFunctionScan scan) {
        if (!(scan.getCall() instanceof RexCall call)) {
            return false;
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return List.of("TUMBLE", "HOP", "SESSION", "CUMULATE").contains(name);
    }

    /** The windowing function an aggregate reads, directly or through one calc. */
    private static Optional<TableFunctionScan> windowInput(Aggregate aggregate) {
        RelNode input = aggregate.getInput();
        if (input instanceof Calc calc) {
            input = calc.getInput();
        }
        return input instanceof TableFunctionScan scan && isWindow(scan)
                ? Optional.of(scan)
                : Optional.empty();
    }

    /**
     * A windowed aggregate, with the calc above it ({@code outer}, or null) fused into its output
     * projection.
     */
    private Translated windowAggregate(Aggregate aggregate, RexProgram outer) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "GROUPING SETS, ROLLUP and CUBE are not supported on streams yet.");
        }
        TableFunctionScan scan = windowInput(aggregate).orElseThrow();
        RexProgram between = aggregate.getInput() instanceof Calc calc ? calc.getProgram() : null;
        RelNode tvfInput = scan.getInput(0);
        int n = tvfInput.getRowType().getFieldCount();
        int windowStart = n;
        int windowEnd = n + 1;
        RexCall call = (RexCall) scan.getCall();
        List<RexNode> aggInputs = new ArrayList<>();
        int aggInputCount = aggregate.getInput().getRowType().getFieldCount();
        for (int i = 0; i < aggInputCount; i++) {
            aggInputs.add(
                    between == null
                            ? rexBuilder.makeInputRef(scan, i)
                            : between.expandLocalRef(between.getProjectList().get(i)));
        }
        // Pre-window calc: the time column first, then every non-window expression the
        // aggregate reads. It runs on the windowing function's input.
        WindowCall window = windowCall(call);
        List<RexNode> preExprs = new ArrayList<>();
        preExprs.add(rexBuilder.makeInputRef(tvfInput, window.timeField()));
        for (int sessionKey : window.spec().sessionKeys()) {
            preExprs.add(rexBuilder.makeInputRef(tvfInput, sessionKey));
        }
        int[] preIndexOfAggInput = new int[aggInputCount];
        boolean hasStart = false;
        boolean hasEnd = false;
        ImmutableBitSet groupSet = aggregate.getGroupSet();
        for (int i = 0; i < aggInputCount; i++) {
            RexNode e = aggInputs.get(i);
            if (e instanceof RexInputRef ref && ref.getIndex() == windowStart) {
                preIndexOfAggInput[i] = -1;
                hasStart |= groupSet.get(i);
            } else if (e instanceof RexInputRef ref && ref.getIndex() == windowEnd) {
                preIndexOfAggInput[i] = -2;
                hasEnd |= groupSet.get(i);
            } else {
                if (RexUtil.containsInputRef(e) && references(e, windowStart, windowEnd)) {
                    throw Errors.unsupportedStreamingQuery(
                            Optional.empty(),
                            "Expressions over window_start or window_end are not supported in a"
                                    + " windowed aggregate's input yet; group by them directly.");
                }
                int existing = preExprs.indexOf(e);
                if (existing < 0) {
                    preExprs.add(e);
                    existing = preExprs.size() - 1;
                }
                preIndexOfAggInput[i] = existing;
            }
        }
        if (!hasStart || !hasEnd) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "An aggregate over a windowing function must GROUP BY both window_start and"
                            + " window_end.");
        }
        Translated in = insertOnly(translate(tvfInput));
        RexProgram preProgram = projectProgram(tvfInput.getRowType(), preExprs);
        Translated pre = calc(in, preProgram, "pre-window");

        List<Integer> keys = new ArrayList<>();
        List<Integer> groupOrder = groupSet.asList();
        for (int g : groupOrder) {
            if (preIndexOfAggInput[g] >= 0) {
                keys.add(preIndexOfAggInput[g]);
            }
        }
        List<AggregateCallSpec> calls = calls(aggregate, i -> preIndexOfAggInput[i]);
        // Window aggregate output: keys, window_start, window_end, calls.
        List<FieldSpec> aggFields = new ArrayList<>();
        for (int k : keys) {
            aggFields.add(pre.fields().get(k));
        }
        FieldSpec time = pre.fields().get(0);
        aggFields.add(new FieldSpec("window_start", ValueType.TIMESTAMP, false));
        aggFields.add(new FieldSpec("window_end", ValueType.TIMESTAMP, false));
        List<RelDataType> aggFieldTypes = new ArrayList<>();
        for (int g : groupOrder) {
            aggFieldTypes.add(
                    aggregate.getRowType().getFieldList().get(groupOrder.indexOf(g)).getType());
        }
        for (int c = 0; c < calls.size(); c++) {
            RelDataType type =
                    aggregate.getRowType().getFieldList().get(groupOrder.size() + c).getType();
            aggFields.add(
                    new FieldSpec(
                            aggregate.getRowType().getFieldNames().get(groupOrder.size() + c),
                            ValueTypes.of(type),
                            type.isNullable()));
        }
        int id = nodes.size();
        // Early results (AFTER WATERMARK AND AFTER DELAY, streamed): the aggregate updates on every
        // row and the delay operator above decides what is realized when.
        boolean afterWatermark =
                emit.afterWatermark() && !(emit.stream() && emit.delayMillis() > 0);
        List<Integer> sessionKeys = new ArrayList<>();
        for (int k = 0; k < window.spec().sessionKeys().size(); k++) {
            sessionKeys.add(1 + k);
        }
        if (window.spec().kind() == WindowSpec.Kind.SESSION
                && !new java.util.HashSet<>(keys).equals(new java.util.HashSet<>(sessionKeys))) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "An aggregate over SESSION windows must GROUP BY exactly the session's"
                            + " partition keys (and window_start, window_end).");
        }
        WindowSpec spec =
                new WindowSpec(
                        window.spec().kind(),
                        window.spec().size(),
                        window.spec().slide(),
                        window.spec().offset(),
                        sessionKeys);
        nodes.add(
                new ExecNode.WindowAggregate(
                        id,
                        pre.id(),
                        aggFields,
                        spec,
                        0,
                        keys,
                        calls,
                        afterWatermark,
                        emit.allowedLatenessMillis()));
        if (time.type() != ValueType.TIMESTAMP) {
            throw Errors.invalidWatermark(
                    Optional.empty(), "The windowing function's time column must be a TIMESTAMP.");
        }
        // Post calc: back to the aggregate's field order (group keys by input position, calls).
        RelDataType aggOutType = rowType(aggFields, aggregate);
        List<RexNode> post = new ArrayList<>();
        int keyPosition = 0;
        for (int g : groupOrder) {
            int p = preIndexOfAggInput[g];
            int field = p == -1 ? keys.size() : p == -2 ? keys.size() + 1 : keyPosition++;
            post.add(
                    rexBuilder.makeInputRef(aggOutType.getFieldList().get(field).getType(), field));
        }
        for (int c = 0; c < calls.size(); c++) {
            int field = keys.size() + 2 + c;
            post.add(
                    rexBuilder.makeInputRef(aggOutType.getFieldList().get(field).getType(), field));
        }
        ChangelogMode mode = nodes.get(id).changelogMode();
        Translated windowed = new Translated(id, aggFields, mode, List.of());
        RexProgram postProgram =
                RexProgram.create(aggOutType, post, null, aggregate.getRowType(), rexBuilder);
        if (outer != null) {
            postProgram = RexProgramBuilder.mergePrograms(outer, postProgram, rexBuilder);
        }
        Translated result = calc(windowed, postProgram, "window output");
        windowAggregateAtRoot = true;
        List<Integer> key = new ArrayList<>();
        for (int i = 0; i < groupOrder.size(); i++) {
            key.add(i);
        }
        return new Translated(
                result.id(),
                result.fields(),
                mode,
                outer == null ? key : keyThroughCalc(key, outer),
                fieldThroughCalc(keys.size() + 1, postProgram));
    }

    private RelDataType rowType(List<FieldSpec> fields, Aggregate aggregate) {
        RelDataType aggType = aggregate.getRowType();
        RelDataTypeFactoryBuilderHelper helper = new RelDataTypeFactoryBuilderHelper(typeFactory);
        int keys = fields.size() - 2 - aggregate.getAggCallList().size();
        // Keys keep their SQL types (from the aggregate's output), window bounds are TIMESTAMP(3).
        List<Integer> groupOrder = aggregate.getGroupSet().asList();
        int keyIndex = 0;
        List<RelDataType> keyTypes = new ArrayList<>();
        for (int i = 0; i < groupOrder.size(); i++) {
            RelDataType t = aggType.getFieldList().get(i).getType();
            if (!aggType.getFieldNames().get(i).equalsIgnoreCase("window_start")
                    && !aggType.getFieldNames().get(i).equalsIgnoreCase("window_end")) {
                keyTypes.add(t);
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            RelDataType type;
            if (i < keys) {
                type = keyIndex < keyTypes.size() ? keyTypes.get(keyIndex++) : helper.timestamp();
            } else if (i < keys + 2) {
                type = helper.timestamp();
            } else {
                type = aggType.getFieldList().get(groupOrder.size() + (i - keys - 2)).getType();
            }
            helper.add(fields.get(i).name() + "_" + i, type);
        }
        return helper.build();
    }

    private static boolean references(RexNode e, int a, int b) {
        final boolean[] found = {false};
        e.accept(
                new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
                    @Override
                    public Void visitInputRef(RexInputRef ref) {
                        if (ref.getIndex() == a || ref.getIndex() == b) {
                            found[0] = true;
                        }
                        return null;
                    }
                });
        return found[0];
    }

    private RexProgram projectProgram(RelDataType inputType, List<RexNode> exprs) {
        RexProgramBuilder builder = new RexProgramBuilder(inputType, rexBuilder);
        for (int i = 0; i < exprs.size(); i++) {
            builder.addProject(exprs.get(i), "f" + i);
        }
        return builder.getProgram();
    }

    private record WindowCall(WindowSpec spec, int timeField) {}

    private static WindowCall windowCall(RexCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<RexNode> operands = call.getOperands();
        int timeField = descriptorField(operands.get(0));
        return switch (name) {
            case "TUMBLE" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.TUMBLE,
                                    millis(operands.get(1)),
                                    0,
                                    operands.size() > 2 ? millis(operands.get(2)) : 0,
                                    List.of()),
                            timeField);
            case "HOP" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.HOP,
                                    millis(operands.get(2)),
                                    millis(operands.get(1)),
                                    operands.size() > 3 ? millis(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "CUMULATE" ->
                    new WindowCall(
                            new WindowSpec(
                                    WindowSpec.Kind.CUMULATE,
                                    millis(operands.get(2)),
                                    millis(operands.get(1)),
                                    operands.size() > 3 ? millis(operands.get(3)) : 0,
                                    List.of()),
                            timeField);
            case "SESSION" -> {
                List<Integer> keys = new ArrayList<>();
                long gap;
                if (operands.size() > 2) {
                    keys.add(descriptorField(operands.get(1)));
                    gap = millis(operands.get(2));
                } else {
                    gap = millis(operands.get(1));
                }
                yield new WindowCall(
                        new WindowSpec(WindowSpec.Kind.SESSION, gap, 0, 0, keys), timeField);
            }
            default -> throw new IllegalStateException("not a window: " + name);
        };
    }

    private static int descriptorField(RexNode descriptor) {
        RexNode operand = ((RexCall) descriptor).getOperands().get(0);
        return ((RexInputRef) operand).getIndex();
    }

    private static long millis(RexNode interval) {
        Long value = ((RexLiteral) interval).getValueAs(Long.class);
        if (value == null || value <= 0 && interval != null) {
            if (value != null && value == 0) {
                return 0;
            }
            throw Errors.invalidArgument(
                    "A window size, slide, step or gap must be a positive interval.");
        }
        return value;
    }

    private static List<AggregateCallSpec> calls(
            Aggregate aggregate, java.util.function.IntUnaryOperator map) {
        List<AggregateCallSpec> calls = new ArrayList<>();
        RelDataType inputType = aggregate.getInput().getRowType();
        for (AggregateCall call : aggregate.getAggCallList()) {
            AggregateKind kind =
                    switch (call.getAggregation().getKind()) {
                        case COUNT ->
                                call.getArgList().isEmpty()
                                        ? AggregateKind.COUNT_STAR
                                        : AggregateKind.COUNT;
                        case SUM, SUM0 -> AggregateKind.SUM;
                        case MIN -> AggregateKind.MIN;
                        case MAX -> AggregateKind.MAX;
                        case AVG -> AggregateKind.AVG;
                        default ->
                                throw Errors.unsupportedStreamingQuery(
                                        Optional.empty(),
                                        "Aggregate function "
                                                + call.getAggregation().getName()
                                                + " is not supported on streams yet.");
                    };
            if (call.getArgList().size() > 1) {
                throw Errors.unsupportedStreamingQuery(
                        Optional.empty(),
                        "Aggregates over several arguments are not supported yet.");
            }
            int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
            ValueType argumentType =
                    argument < 0
                            ? null
                            : ValueTypes.of(inputType.getFieldList().get(argument).getType());
            calls.add(
                    new AggregateCallSpec(
                            kind,
                            argument < 0 ? -1 : map.applyAsInt(argument),
                            call.isDistinct(),
                            call.filterArg < 0 ? -1 : map.applyAsInt(call.filterArg),
                            argumentType,
                            ValueTypes.of(call.getType()),
                            call.getType().getSqlTypeName() == SqlTypeName.DECIMAL
                                    ? call.getType().getScale()
                                    : -1));
        }
        return calls;
    }
}
