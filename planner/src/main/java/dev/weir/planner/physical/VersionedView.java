package dev.weir.planner.physical;

import dev.weir.plan.RankKind;
import dev.weir.planner.validate.UnsupportedQueries;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;

/**
 * A versioned view, as Flink's: a view read {@code FOR SYSTEM_TIME AS OF} whose query is a last-row
 * deduplication by event time, {@code SELECT ... FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k
 * ORDER BY ts DESC) AS rownum FROM s) WHERE rownum = 1}. Its versions are those of its input read
 * per partition key: at time {@code t} the view holds, per key, the row with the latest {@code ts}
 * at or below {@code t} (of rows tied on it, the later arrival, as the deduplication ranks ties).
 * That is what the temporal join already reads from a stream, so the view is planned as the join
 * over the deduplication's input, with the partition key as the version key and {@code ts} as the
 * version time: the deduplication itself is implied.
 *
 * <p>What lies between the deduplication and the view's columns stays exact: the view's projection
 * is computed on each version (a row-wise expression of the row the deduplication keeps is the same
 * expression of the version), and a condition of the view's WHERE besides {@code rownum = 1}
 * filters the deduplicated rows, so it is checked on the version the join chooses, with the rest of
 * the ON (a key whose latest row fails it has no row in the view then: an earlier version is not
 * looked for). Non-deterministic expressions are refused, since they would be computed at another
 * moment. RANK and DENSE_RANK keep every row tied on the latest time: one version of several rows,
 * the temporal join's own rule for a stream.
 *
 * @param input the deduplication's input, whose rows are the versions
 * @param partitionKeys the input fields the deduplication partitions by: the version key
 * @param time the input field it orders by: each version's time
 * @param lastRowPerTime ROW_NUMBER (one row per key and time); RANK and DENSE_RANK keep ties
 * @param projects the view's columns over the input (the rank number is 1)
 * @param filter the view's conditions on the deduplicated rows, over the input; may be empty
 */
record VersionedView(
        RelNode input,
        List<Integer> partitionKeys,
        int time,
        boolean lastRowPerTime,
        List<RexNode> projects,
        List<RexNode> filter) {
    VersionedView {
        partitionKeys = List.copyOf(partitionKeys);
        projects = List.copyOf(projects);
        filter = List.copyOf(filter);
    }

    /** Whether {@code rel}, the relation read FOR SYSTEM_TIME AS OF, is a ranking kept where 1. */
    static boolean isRanking(RelNode rel) {
        return rel instanceof Calc calc
                && calc.getInput() instanceof Window window
                && TopNShape.of(calc.getProgram(), window).isPresent();
    }

    /**
     * The versioned view {@code rel} is: a ranking ({@link #isRanking}) that is a last-row
     * deduplication by an event-time attribute.
     *
     * @throws dev.weir.common.error.WeirException UNSUPPORTED_STREAMING_QUERY for a ranking of
     *     another kind, saying why
     */
    static VersionedView of(RelNode rel, RexBuilder rexBuilder) {
        Calc calc = (Calc) rel;
        Window window = (Window) calc.getInput();
        TopNShape shape = TopNShape.of(calc.getProgram(), window).orElseThrow();
        RelNode input = window.getInput();
        List<String> names = input.getRowType().getFieldNames();
        if (WindowBounds.ofWindowTopN(window).isPresent()) {
            throw UnsupportedQueries.versionedViewNotLastRow(
                    "a window deduplication or Top-N (partitioned by window_start and"
                            + " window_end)",
                    Optional.empty());
        }
        if (shape.limit() != 1) {
            throw UnsupportedQueries.versionedViewNotLastRow(
                    "a Top-N keeping " + shape.limit() + " rows per key", Optional.empty());
        }
        Window.Group group = window.groups.get(0);
        List<RelFieldCollation> order = group.orderKeys.getFieldCollations();
        RelFieldCollation first = order.get(0);
        int time = first.getFieldIndex();
        String orderText = orderText(order, names);
        if (order.size() > 1) {
            throw UnsupportedQueries.versionedViewNotEventTime(
                    orderText,
                    "more than the event time (a versioned view's rows tied on the time are ranked by"
                            + " arrival, the later first)",
                    Optional.empty());
        }
        if (ProcTimeAttributes.of(input).contains(time)) {
            throw UnsupportedQueries.versionedViewNotEventTime(
                    orderText,
                    "a processing-time attribute (a processing-time deduplication has no versions"
                            + " by event time)",
                    Optional.empty());
        }
        if (!TimeAttributes.of(input).contains(time)) {
            throw UnsupportedQueries.versionedViewNotEventTime(
                    orderText,
                    "which is not an event-time attribute of the view's input (a stream's"
                            + " WATERMARK column, kept through filters and projections)",
                    Optional.empty());
        }
        if (!first.direction.isDescending()) {
            throw UnsupportedQueries.versionedViewFirstRow(names.get(time), Optional.empty());
        }
        // A NULL time ranks first DESC, and under NULLS LAST a key whose rows all have one keeps
        // such a row: either way a row valid at no time.
        if (input.getRowType().getFieldList().get(time).getType().isNullable()
                && !filtersNullTimes(input, time)) {
            throw UnsupportedQueries.versionedViewNullableTime(names.get(time), Optional.empty());
        }
        int rankField = input.getRowType().getFieldCount();
        RexProgram program = calc.getProgram();
        RexNode rank =
                rexBuilder.makeExactLiteral(
                        BigDecimal.ONE,
                        window.getRowType().getFieldList().get(rankField).getType());
        RankNumberIsOne rankIsOne = new RankNumberIsOne(rankField, rank);
        List<RexNode> projects = new ArrayList<>();
        for (RexLocalRef project : program.getProjectList()) {
            projects.add(program.expandLocalRef(project).accept(rankIsOne));
        }
        List<RexNode> filter = shape.otherConditions();
        for (RexNode e : projects) {
            requireDeterministic(e);
        }
        for (RexNode e : filter) {
            requireDeterministic(e);
        }
        return new VersionedView(
                input,
                group.keys.asList(),
                time,
                shape.kind() == RankKind.ROW_NUMBER,
                projects,
                filter);
    }

    /** The input field names of the partition key, for a message. */
    List<String> keyNames() {
        List<String> names = input.getRowType().getFieldNames();
        return partitionKeys.stream().map(names::get).toList();
    }

    private static String orderText(List<RelFieldCollation> order, List<String> names) {
        List<String> keys = new ArrayList<>();
        for (RelFieldCollation c : order) {
            keys.add(names.get(c.getFieldIndex()) + (c.direction.isDescending() ? " DESC" : ""));
        }
        return String.join(", ", keys);
    }

    /** Whether {@code input} is a calc whose condition requires {@code time IS NOT NULL}. */
    private static boolean filtersNullTimes(RelNode input, int time) {
        if (!(input instanceof Calc calc) || calc.getProgram().getCondition() == null) {
            return false;
        }
        RexProgram program = calc.getProgram();
        if (!(program.expandLocalRef(program.getProjectList().get(time))
                instanceof RexInputRef timeSource)) {
            return false;
        }
        int source = timeSource.getIndex();
        for (RexNode c : RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()))) {
            if (c.getKind() == SqlKind.IS_NOT_NULL
                    && ((RexCall) c).getOperands().get(0) instanceof RexInputRef ref
                    && ref.getIndex() == source) {
                return true;
            }
        }
        return false;
    }

    private static void requireDeterministic(RexNode e) {
        Boolean deterministic =
                e.accept(
                        new RexVisitorImpl<Boolean>(true) {
                            @Override
                            public Boolean visitCall(RexCall call) {
                                if (!call.getOperator().isDeterministic()
                                        || call.getOperator().isDynamicFunction()) {
                                    return false;
                                }
                                for (RexNode operand : call.getOperands()) {
                                    if (!operand.accept(this)) {
                                        return false;
                                    }
                                }
                                return true;
                            }

                            @Override
                            public Boolean visitInputRef(RexInputRef ref) {
                                return true;
                            }

                            @Override
                            public Boolean visitLiteral(RexLiteral literal) {
                                return true;
                            }
                        });
        if (deterministic == null || !deterministic) {
            throw UnsupportedQueries.versionedViewNonDeterministic(Optional.empty());
        }
    }

    /** Replaces the rank number, which a deduplication's rows all have as 1, by 1. */
    private static final class RankNumberIsOne extends RexShuttle {
        private final int rankField;
        private final RexNode one;

        RankNumberIsOne(int rankField, RexNode one) {
            this.rankField = rankField;
            this.one = one;
        }

        @Override
        public RexNode visitInputRef(RexInputRef ref) {
            return ref.getIndex() == rankField ? one : ref;
        }
    }
}
