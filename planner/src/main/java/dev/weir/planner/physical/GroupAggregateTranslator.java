package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * GROUP BY without windows (and GROUPING SETS, DISTINCT): one row per group, updated as rows come
 * and go, so its result retracts and is keyed by the group. Aggregates over a windowing function
 * are the {@link WindowAggregateTranslator}'s, which comes first.
 *
 * <p>Grouped by both window bounds of insert-only rows the watermark completes (a window
 * aggregate's under EMIT AFTER WATERMARK, a windowing function's rows: Nexmark q5's maximum count
 * per window), it is a window aggregate over the rows' own windows ({@link
 * AttachedWindowAggregates}). Grouped by the window end of retracting rows (a window aggregate's
 * every-change results), each group's row stops changing once the watermark passes its window: the
 * result keeps that window end, so a window join can take it, but it is a regular aggregate that
 * updates as its input does (not final itself, so EMIT AFTER WATERMARK does not apply to it), and
 * its state keeps a row per window.
 */
final class GroupAggregateTranslator implements RelTranslator<Aggregate> {
    @Override
    public Class<Aggregate> relClass() {
        return Aggregate.class;
    }

    @Override
    public Translated translate(Aggregate aggregate, TranslationContext context) {
        if (LiteralAggregates.present(aggregate)) {
            return withLiterals(aggregate, context);
        }
        Translated in = context.translate(aggregate.getInput());
        if (AttachedWindowAggregates.applies(aggregate, in)) {
            return AttachedWindowAggregates.translate(aggregate, in, context);
        }
        List<Integer> keys = aggregate.getGroupSet().asList();
        List<AggregateCallSpec> calls = AggregateCalls.of(aggregate, i -> i);
        List<FieldSpec> fields = ValueTypes.fieldsOf(aggregate.getRowType());
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() == SqlKind.GROUPING
                    || call.getAggregation().getKind() == SqlKind.GROUP_ID) {
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
        int id =
                context.add(
                        i ->
                                new ExecNode.GroupAggregate(
                                        i, in.id(), fields, keys, groupingSets, calls));
        // GROUPING SETS: the group columns do not identify a row (a column rolled up to NULL and a
        // real NULL look alike, and a set may be named twice), so the result has no key: it is a
        // multiset, as a view over it, EMIT ... AFTER DELAY and EMIT STREAM's ver must treat it.
        List<Integer> key = new ArrayList<>();
        for (int i = 0; groupingSets.isEmpty() && i < keys.size(); i++) {
            key.add(i);
        }
        return new Translated(
                id,
                fields,
                ChangelogMode.RETRACT,
                key,
                groupingSets.isEmpty() && in.completedByWatermark()
                        ? keys.indexOf(in.windowStart())
                        : -1,
                groupingSets.isEmpty() && in.completedByWatermark()
                        ? keys.indexOf(in.windowEnd())
                        : -1,
                false);
    }

    /** LITERAL_AGG: the aggregate counts in its place, a calc projects the constant. */
    private Translated withLiterals(Aggregate aggregate, TranslationContext context) {
        LiteralAggregates literals =
                LiteralAggregates.of(
                        aggregate, LiteralAggregates.countType(context), context.rexBuilder());
        Translated input = translate(literals.counted(), context);
        Translated result = CalcTranslator.calc(input, literals.program(), context);
        return Translated.of(result.id(), result.fields(), input.mode(), input.key());
    }
}
