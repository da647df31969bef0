package dev.weir.planner.validate;

import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOperator;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Refuses, right after Calcite's validation, the queries the streaming operators cannot compute,
 * with the position of the clause at fault: UNION without ALL, INTERSECT and EXCEPT, aggregate
 * functions no operator computes, OVER other than Top-N and the OVER aggregates of {@link
 * OverChecks}, what {@link WindowAggregateChecks} checks of windowing functions and the aggregates
 * over them, and the arguments of windowing functions ({@link WindowArguments}: INVALID_WINDOW).
 *
 * <p>Each check fires only where translation would certainly refuse the query with the same
 * message. What validation cannot see (a view's query, which is expanded later; a shape Calcite's
 * conversion makes) the translators refuse, with the same messages ({@link UnsupportedQueries}) and
 * no position. A query with several faults is refused for the one found here, which may not be the
 * one translation would have met first.
 */
final class StreamingQueryChecks extends SqlBasicVisitor<Void> {
    /**
     * Aggregate functions no operator computes, which Calcite's conversion keeps as written (it
     * rewrites others, GROUP_ID for one, so those are left to the translators).
     */
    private static final Set<SqlKind> UNSUPPORTED_AGGREGATES =
            EnumSet.of(
                    SqlKind.GROUPING,
                    SqlKind.GROUPING_ID,
                    SqlKind.STDDEV_POP,
                    SqlKind.STDDEV_SAMP,
                    SqlKind.VAR_POP,
                    SqlKind.VAR_SAMP);

    private final WindowAggregateChecks windows;
    private final WindowArguments windowArguments;
    private final OverChecks overs;

    /** The SELECTs around the call being visited, innermost first. */
    private final Deque<SqlSelect> selects = new ArrayDeque<>();

    /** The OVER calls that rank a Top-N ({@link TopNQueries}): the only OVER streams compute. */
    private final Set<SqlNode> topNRankings = Collections.newSetFromMap(new IdentityHashMap<>());

    private StreamingQueryChecks(SqlValidator validator, boolean expandMaterializedViews) {
        this.windows = new WindowAggregateChecks(validator, expandMaterializedViews);
        this.windowArguments = new WindowArguments(validator, expandMaterializedViews);
        this.overs = new OverChecks(validator);
    }

    /**
     * Checks a validated query, INSERT ... SELECT or the query of a materialized view.
     *
     * @param expandMaterializedViews whether materialized views read by the query are planned from
     *     their queries (see {@link CatalogSchema})
     * @throws dev.weir.common.error.WeirException UNSUPPORTED_STREAMING_QUERY
     */
    static void check(SqlNode validated, SqlValidator validator, boolean expandMaterializedViews) {
        validated.accept(new StreamingQueryChecks(validator, expandMaterializedViews));
    }

    @Override
    public Void visit(SqlCall call) {
        // A SELECT is checked before what is inside it, as it is translated before its inputs.
        if (call instanceof SqlSelect select) {
            windows.check(select);
            topNRankings.addAll(TopNQueries.rankingCallsOf(select));
            selects.push(select);
            try {
                return visitChecked(call);
            } finally {
                selects.pop();
            }
        }
        return visitChecked(call);
    }

    private Void visitChecked(SqlCall call) {
        switch (call.getKind()) {
            case UNION -> {
                if (!((SqlSetOperator) call.getOperator()).isAll()) {
                    throw UnsupportedQueries.unionWithoutAll(position(call));
                }
            }
            case INTERSECT -> throw UnsupportedQueries.queryShape("Intersect", position(call));
            case EXCEPT -> throw UnsupportedQueries.queryShape("Minus", position(call));
            case COLLECTION_TABLE ->
                    WindowFrom.of(call)
                            .ifPresent(
                                    window -> {
                                        windows.requireAppendOnly(window);
                                        windowArguments.check(window);
                                    });
            // Calcite's legacy group windows (GROUP BY TUMBLE(ts, size), TUMBLE_START, ...);
            // the windowing table functions are other calls (OTHER_FUNCTION), not these kinds.
            case TUMBLE,
                    HOP,
                    SESSION,
                    TUMBLE_START,
                    TUMBLE_END,
                    HOP_START,
                    HOP_END,
                    SESSION_START,
                    SESSION_END ->
                    throw UnsupportedQueries.groupWindowFunction(
                            call.getOperator().getName(), position(call));
            case OVER -> {
                if (!topNRankings.contains(call)) {
                    overs.check(call, Optional.ofNullable(selects.peek()));
                }
            }
            default -> {
                if (UNSUPPORTED_AGGREGATES.contains(call.getKind())) {
                    throw UnsupportedQueries.aggregateFunction(
                            call.getOperator().getName(), position(call));
                }
            }
        }
        return super.visit(call);
    }

    private static Optional<Position> position(SqlNode node) {
        return Optional.of(Positions.of(node.getParserPosition()));
    }
}
