package dev.weir.planner.validate;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.Optional;

/**
 * The refusals of OVER on streams, one factory per message. Streams compute two uses of OVER: Top-N
 * ({@link TopNQueries}) and OVER aggregates ordered by event time, as Flink does: COUNT, SUM, MIN,
 * MAX or AVG OVER (PARTITION BY ... ORDER BY the event-time column, a frame ending at the current
 * row). Validation raises these with the position of the part at fault ({@link OverChecks}); the
 * translator raises the same ones, without a position, for what validation cannot see (a view's
 * query, an input that is a subquery).
 */
public final class OverQueries {
    private static final String SUPPORTED =
            " Streams compute OVER aggregates (COUNT, SUM, MIN, MAX, AVG) ordered by the stream's"
                    + " event-time column: OVER ([PARTITION BY ...] ORDER BY <event time> [ROWS"
                    + " BETWEEN n PRECEDING AND CURRENT ROW | ROWS or RANGE BETWEEN UNBOUNDED"
                    + " PRECEDING AND CURRENT ROW | RANGE BETWEEN INTERVAL '...' PRECEDING AND"
                    + " CURRENT ROW]), and Top-N: ROW_NUMBER(), RANK() or DENSE_RANK() OVER"
                    + " (PARTITION BY ... ORDER BY ...) selected in a subquery, whose number the"
                    + " query over it bounds with <= N, < N or = 1 in its WHERE.";

    private OverQueries() {}

    /** An OVER the plan holds where no translator computes it. */
    public static WeirException unsupported(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, "This use of OVER is not supported on streams." + SUPPORTED);
    }

    /** A function called OVER that is neither a supported aggregate nor a Top-N's ranking. */
    public static WeirException function(String name, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, name + " OVER (...) is not supported on streams." + SUPPORTED);
    }

    public static WeirException distinct(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, "DISTINCT in an OVER aggregate is not supported on streams yet.");
    }

    /** No ORDER BY, several keys, DESC, or a column that is not an event-time attribute. */
    public static WeirException order(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "An OVER aggregate on a stream must be ordered by one event-time column (the"
                        + " stream's WATERMARK column, as it is), ascending: rows are computed as"
                        + " the watermark passes them. Ordering by another column, by several, or"
                        + " DESC is not supported."
                        + SUPPORTED);
    }

    /** A frame that does not end at the current row, or starts elsewhere than supported. */
    public static WeirException frame(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "This OVER frame is not supported on streams: a frame must end at the CURRENT ROW"
                        + " (FOLLOWING would wait for later rows) and start at UNBOUNDED"
                        + " PRECEDING, n PRECEDING (ROWS) or INTERVAL '...' PRECEDING (RANGE, a"
                        + " day-time interval)."
                        + SUPPORTED);
    }

    /** The OVER aggregate's input updates or retracts rows. */
    public static WeirException updatingInput(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "An OVER aggregate needs an insert-only input, but this input updates and retracts"
                        + " rows (a table, an aggregate, a join, or a materialized view of one):"
                        + " a row's aggregates, once emitted, could not be taken back.");
    }
}
