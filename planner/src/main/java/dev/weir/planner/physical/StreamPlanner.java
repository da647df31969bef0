package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.PointLookup;
import dev.weir.plan.ResultExpiry;
import dev.weir.plan.WindowBuffer;
import dev.weir.planner.rules.PlanRewrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Turns a validated logical plan into a {@link JobGraph} of incremental operators, and is the
 * translator of its root: what only the top of a query has.
 *
 * <ul>
 *   <li>ORDER BY, LIMIT and OFFSET of the result, which the realization applies (a table's rows
 *       sorted when read), not an operator;
 *   <li>whether the query is a point lookup in a materialized view or table;
 *   <li>the EMIT clause: AFTER WATERMARK needs a root whose rows the watermark completes (a
 *       windowing function's rows get a WindowBuffer that holds them until then); AFTER DELAY adds
 *       an EmitDelay node above the root.
 * </ul>
 *
 * The body is rewritten by {@link PlanRewrites} and translated node by node by the translators
 * {@link RelTranslators} picks, which share a {@link TranslationContext}.
 */
public final class StreamPlanner {
    private StreamPlanner() {}

    /** The query's ORDER BY, OFFSET and LIMIT, and the query below them. */
    private record Ordered(RelNode body, List<Integer> sortFields, long offset, long limit) {}

    public static JobGraph plan(
            RelRoot root, JavaTypeFactory typeFactory, RexBuilder rexBuilder, EmitSpec emit) {
        RelNode rel = root.project();
        int visibleColumns = rel.getRowType().getFieldCount();
        List<String> columnNames = rel.getRowType().getFieldNames();
        Ordered ordered = ordered(rel, rexBuilder);
        if (emit.stream()
                && (!ordered.sortFields().isEmpty()
                        || ordered.offset() > 0
                        || ordered.limit() > 0)) {
            // LIMIT 0 stays: a client asking for the columns only.
            throw Errors.unsupportedStreamingQuery(
                    emit.position(),
                    "ORDER BY, LIMIT and OFFSET are for a result as of now (a query without EMIT"
                            + " STREAM): a stream of changes has no end to sort or cut. For the"
                            + " first N rows per key as they change, use a Top-N (ROW_NUMBER()"
                            + " OVER (PARTITION BY ... ORDER BY ...) <= N).");
        }
        RelNode body = PlanRewrites.rewrite(ordered.body());
        PointLookup lookup =
                ordered.sortFields().isEmpty() && ordered.limit() < 0 && ordered.offset() == 0
                        ? PointLookups.of(body)
                        : null;
        TranslationContext context = new TranslationContext(typeFactory, rexBuilder, emit);
        Translated result = context.translate(body);
        if (emit.afterWatermark() && !result.completedByWatermark()) {
            if (!holdsWindowRows(result) || emit.delayMillis() > 0) {
                throw Errors.unsupportedStreamingQuery(
                        emit.position(),
                        "EMIT AFTER WATERMARK needs results that the watermark completes: a"
                                + " windowed aggregate (GROUP BY window_start, window_end), a"
                                + " window Top-N (PARTITION BY window_start, window_end), a window"
                                + " join (ON window_start and window_end equalities) or a"
                                + " windowing function's rows with window_end selected (without"
                                + " AFTER DELAY) at the top of the query.");
            }
            result = windowBuffer(result, context);
        }
        if (emit.delayMillis() > 0 && (emit.stream() || !emit.afterWatermark())) {
            emitDelay(result, context);
        }
        return new JobGraph(
                context.nodes(),
                columnNames,
                visibleColumns,
                result.key(),
                ordered.sortFields(),
                ordered.offset(),
                ordered.limit(),
                lookup,
                expiry(result, emit));
    }

    /** A windowing function's rows, through calcs only, each still carrying its window_end. */
    private static boolean holdsWindowRows(Translated result) {
        return result.mode() == ChangelogMode.INSERT_ONLY && result.windowEnd() >= 0;
    }

    /** AFTER WATERMARK over a windowing function's rows: each held until its window ends. */
    private static Translated windowBuffer(Translated rows, TranslationContext context) {
        int id =
                context.add(
                        i ->
                                new WindowBuffer(
                                        i,
                                        rows.id(),
                                        rows.fields(),
                                        rows.windowEnd(),
                                        context.emit().allowedLatenessMillis()));
        return new Translated(
                id,
                rows.fields(),
                ChangelogMode.INSERT_ONLY,
                rows.key(),
                rows.windowStart(),
                rows.windowEnd(),
                true);
    }

    /**
     * The result's keys expire with their windows when they are a window aggregate's (passed
     * through calcs only, the window's end kept in the key); not under AFTER DELAY, whose held
     * changes come out later than the watermark that completed them.
     */
    private static ResultExpiry expiry(Translated result, EmitSpec emit) {
        boolean windowed =
                result.completedByWatermark()
                        && result.windowEnd() >= 0
                        && result.key().contains(result.windowEnd());
        return windowed && emit.delayMillis() == 0
                ? new ResultExpiry(result.windowEnd(), emit.allowedLatenessMillis())
                : null;
    }

    /**
     * Takes ORDER BY, OFFSET and LIMIT off the top of the query. A sort field is its index,
     * negative ({@code -index - 1}) for DESC.
     */
    private static Ordered ordered(RelNode rel, RexBuilder rexBuilder) {
        if (rel instanceof Project project && project.getInput() instanceof Sort sort) {
            // ORDER BY a column that is not selected: select it too, hidden after the visible
            // ones, sort, then drop it.
            List<Integer> sortFields = new ArrayList<>();
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
            RelNode body =
                    LogicalProject.create(sort.getInput(), List.of(), projects, names, Set.of());
            return new Ordered(body, sortFields, offsetOf(sort), limitOf(sort));
        }
        if (rel instanceof Sort sort) {
            List<Integer> sortFields = new ArrayList<>();
            for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
                sortFields.add(
                        c.direction.isDescending() ? -c.getFieldIndex() - 1 : c.getFieldIndex());
            }
            return new Ordered(sort.getInput(), sortFields, offsetOf(sort), limitOf(sort));
        }
        return new Ordered(rel, List.of(), 0, -1);
    }

    private static long offsetOf(Sort sort) {
        return sort.offset == null ? 0 : RexLiteral.intValue(sort.offset);
    }

    private static long limitOf(Sort sort) {
        return sort.fetch == null ? -1 : RexLiteral.intValue(sort.fetch);
    }

    /**
     * AFTER DELAY: holds the root's updates back by the delay. With AFTER WATERMARK too (early
     * results, streamed) the window aggregate updates on every row, and this lets a window's last
     * update out when the watermark completes the window. A table realization of AFTER WATERMARK
     * AND AFTER DELAY shows complete windows only, and needs none.
     */
    private static void emitDelay(Translated result, TranslationContext context) {
        EmitSpec emit = context.emit();
        boolean early = emit.afterWatermark();
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
                        "EMIT AFTER WATERMARK AND AFTER DELAY needs window_start, window_end and"
                                + " every GROUP BY column in the SELECT list: they say which early"
                                + " result a later one replaces, and when a window's result is"
                                + " final.");
            }
        }
        int windowEndField = windowEnd;
        context.add(
                id ->
                        new ExecNode.EmitDelay(
                                id,
                                result.id(),
                                result.fields(),
                                result.key(),
                                emit.delayMillis(),
                                windowEndField,
                                emit.allowedLatenessMillis()));
    }
}
