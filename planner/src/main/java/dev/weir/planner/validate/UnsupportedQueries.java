package dev.weir.planner.validate;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.List;
import java.util.Optional;

/**
 * The queries Weir cannot compute on streams yet, one factory per message. Validation raises them
 * with the position of the clause at fault ({@link StreamingQueryChecks}); the translators raise
 * the same ones, without a position, for what validation cannot see (a view's query, a shape
 * Calcite's rewrites make), so a problem reads the same wherever it is found.
 */
public final class UnsupportedQueries {
    private UnsupportedQueries() {}

    public static WeirException groupingSetsOverWindows(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "GROUPING SETS, ROLLUP and CUBE over SESSION windows are not supported yet (over"
                        + " TUMBLE, HOP and CUMULATE they are).");
    }

    public static WeirException groupingSetWithoutWindowBounds(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "Every grouping set over windows must keep window_start and window_end: GROUP BY"
                        + " window_start, window_end, GROUPING SETS (...) (or ROLLUP, CUBE).");
    }

    public static WeirException windowBoundsNotGrouped(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "An aggregate over a windowing function must GROUP BY both window_start and"
                        + " window_end.");
    }

    public static WeirException aggregateOfWindowBounds(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "Aggregates of window_start or window_end are not supported in a windowed aggregate"
                        + " yet; group by them and select them directly (each is one value per"
                        + " window).");
    }

    public static WeirException sessionKeysNotGrouped(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "An aggregate over SESSION windows must GROUP BY exactly the session's partition"
                        + " keys (and window_start, window_end).");
    }

    public static WeirException windowInputNotAppendOnly(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A windowing function needs an append-only input, but this input updates and"
                        + " retracts rows (an aggregate or a materialized view of one).");
    }

    /**
     * @param name the function's name, in capitals
     */
    public static WeirException aggregateFunction(String name, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, "Aggregate function " + name + " is not supported on streams yet.");
    }

    /**
     * @param name the legacy group-window function's name, in capitals (TUMBLE, HOP_START, ...)
     */
    public static WeirException groupWindowFunction(String name, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "The group-window function "
                        + name
                        + " is not supported; use the windowing table functions:"
                        + " FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), size)) ..."
                        + " GROUP BY window_start, window_end.");
    }

    public static WeirException unionWithoutAll(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, "UNION without ALL is not supported on streams yet; use UNION ALL.");
    }

    /**
     * @param shape the logical operator's name, without Calcite's "Logical" prefix
     */
    public static WeirException queryShape(String shape, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position, "This query shape (" + shape + ") is not supported on streams yet.");
    }

    public static WeirException whereOverSessions(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A WHERE between SESSION and its GROUP BY is not supported: the rows it filters"
                        + " out would still make the sessions. Filter the rows in a subquery given"
                        + " to SESSION instead (its sessions are then those of the rows that"
                        + " pass).");
    }

    public static WeirException whereOverRowsAndWindows(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A WHERE condition between a windowing function and its GROUP BY may read the"
                        + " input's columns or the window bounds (window_start, window_end), not"
                        + " both in one condition; split it into conditions joined by AND.");
    }

    public static WeirException temporalJoinPlacement(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "FOR SYSTEM_TIME AS OF is supported only on the right side of a JOIN or LEFT JOIN"
                        + " with an ON condition (an event-time temporal join): FROM s JOIN r FOR"
                        + " SYSTEM_TIME AS OF s.ts ON s.k = r.k.");
    }

    /**
     * @param name the relation's name
     * @param kind what it is: "a table", "a view", "a stream without a WATERMARK", ...
     */
    public static WeirException temporalJoinNotVersioned(
            String name, String kind, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "'"
                        + name
                        + "' is "
                        + kind
                        + ": FOR SYSTEM_TIME AS OF reads a versioned stream, a stream with a"
                        + " WATERMARK, each of whose rows is a version of its join key from its"
                        + " event time on; or, AS OF a processing-time attribute (a lookup join),"
                        + " a table with a PRIMARY KEY.");
    }

    public static WeirException temporalJoinPeriod(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "AS OF must name the event-time attribute of the join's left input (its"
                        + " WATERMARK column, as in AS OF o.ts): processing-time temporal joins and"
                        + " other times are not supported.");
    }

    /** AS OF a table names something other than the left input's processing-time attribute. */
    public static WeirException lookupJoinPeriod(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A join FOR SYSTEM_TIME AS OF a table is a lookup join: AS OF must name the"
                        + " processing-time attribute of the join's left input (a column declared"
                        + " proc_time AS PROCTIME() in its CREATE STREAM, as in AS OF s.proc_time)."
                        + " A table has no versions to read as of an event time.");
    }

    /** AS OF the left input's processing-time attribute, but the right side is no table. */
    public static WeirException lookupJoinNotTable(
            String name, String kind, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "'"
                        + name
                        + "' is "
                        + kind
                        + ": a lookup join (FOR SYSTEM_TIME AS OF a processing-time attribute)"
                        + " reads a table with a PRIMARY KEY. Processing-time temporal joins"
                        + " against streams, views and materialized views are not supported.");
    }

    /** A lookup join against a table without a primary key. */
    public static WeirException lookupJoinWithoutPrimaryKey(
            String table, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "The table '"
                        + table
                        + "' has no PRIMARY KEY: a lookup join reads a table's row by its"
                        + " primary key.");
    }

    /**
     * A lookup join whose ON does not give every primary key column a value from the left input.
     */
    public static WeirException lookupJoinWithoutKey(
            String table, List<String> key, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A lookup join reads the table's row by its primary key: its ON must equate each"
                        + " primary key column of '"
                        + table
                        + "' ("
                        + String.join(", ", key)
                        + ") with a column of the left input, of the same type (as in ON s.k ="
                        + " t."
                        + key.get(0)
                        + ").");
    }

    /** A lookup join whose left input retracts rows. */
    public static WeirException lookupJoinInputRetracts(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A lookup join needs an append-only left input, but this one updates and"
                        + " retracts rows (an aggregate or a materialized view of one): a"
                        + " retraction would be joined with the table as it is later, not as the"
                        + " row it retracts was.");
    }

    public static WeirException temporalJoinWithoutKey(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A temporal join needs an equality between a column of each side in its ON (the"
                        + " key whose versions it reads); joins on other conditions only are not"
                        + " supported.");
    }

    public static WeirException temporalJoinInputRetracts(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                "A temporal join needs append-only inputs, but an input of this one updates and"
                        + " retracts rows (an aggregate or a materialized view of one).");
    }

    /** How a versioned view is written, for the messages that refuse another view. */
    private static final String VERSIONED_VIEW_SHAPE =
            " A view read FOR SYSTEM_TIME AS OF must be a versioned view: the last row per key by"
                    + " event time, SELECT ... FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k"
                    + " ORDER BY ts DESC) AS rownum FROM s) WHERE rownum = 1, where ts is the"
                    + " WATERMARK column of s (or name the stream s itself: its rows are versions of"
                    + " the join key).";

    /** The start of every refusal of a view read FOR SYSTEM_TIME AS OF. */
    private static final String VERSIONED_VIEW_REFUSAL = "The view read FOR SYSTEM_TIME AS OF ";

    /**
     * Whether {@code refusal} is about the view read FOR SYSTEM_TIME AS OF (which {@link
     * RefusalPlacement} then points at, rather than at the first view of the statement).
     */
    public static boolean isVersionedViewRefusal(WeirException refusal) {
        return refusal.rawMessage().startsWith(VERSIONED_VIEW_REFUSAL);
    }

    /** A view read FOR SYSTEM_TIME AS OF that is no deduplication at all. */
    public static WeirException versionedViewNotDeduplication(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "is not a deduplication (a ROW_NUMBER, RANK or DENSE_RANK ranking kept"
                        + " where it is 1), so it has no versions to read."
                        + VERSIONED_VIEW_SHAPE);
    }

    /** A deduplication that keeps each key's first row. */
    public static WeirException versionedViewFirstRow(String column, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "keeps each key's first row (ORDER BY "
                        + column
                        + " ASC): a first row never changes, so the view has no later versions."
                        + " Order by the event time DESC to keep the last row."
                        + VERSIONED_VIEW_SHAPE);
    }

    /**
     * A deduplication not ordered by one event-time attribute alone.
     *
     * @param order the ORDER BY, as written in a message ("proc_time DESC")
     * @param why what it is instead, a phrase ("a processing-time attribute")
     */
    public static WeirException versionedViewNotEventTime(
            String order, String why, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "deduplicates ORDER BY "
                        + order
                        + ", "
                        + why
                        + ": its versions are valid from an event time, so the ranking must be"
                        + " ordered by an event-time attribute of its input alone, DESC."
                        + VERSIONED_VIEW_SHAPE);
    }

    /** A deduplication whose event-time column may be NULL, which it would rank first. */
    public static WeirException versionedViewNullableTime(
            String column, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "ranks rows whose "
                        + column
                        + " may be NULL: the deduplication keeps such a row as the last (or only)"
                        + " one of its key, a version valid at no time. Declare the column NOT NULL"
                        + " or filter the NULL times out in the view's inner query (WHERE "
                        + column
                        + " IS NOT NULL).");
    }

    /** A window deduplication, or a Top-N keeping more than one row per key. */
    public static WeirException versionedViewNotLastRow(String what, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "is "
                        + what
                        + ", not a last-row deduplication."
                        + VERSIONED_VIEW_SHAPE);
    }

    /** The ON does not equate each partition key of the versioned view with the left input. */
    public static WeirException versionedViewKeyNotCovered(
            List<String> key, Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + (key.isEmpty()
                                ? "deduplicates without PARTITION BY: it has one version at a"
                                        + " time for the whole view, no key whose versions a left"
                                        + " row reads."
                                : "keeps the last row per ("
                                        + String.join(", ", key)
                                        + "): the join's ON must equate each of these columns,"
                                        + " as the view selects it, with a column of the left"
                                        + " input of the same type (as in ON l."
                                        + key.get(0)
                                        + " = r."
                                        + key.get(0)
                                        + "); otherwise a left row would read several keys'"
                                        + " versions at once."));
    }

    /** A versioned view computing what cannot be computed on each version before the join. */
    public static WeirException versionedViewNonDeterministic(Optional<Position> position) {
        return Errors.unsupportedStreamingQuery(
                position,
                VERSIONED_VIEW_REFUSAL
                        + "computes a non-deterministic or time-dependent expression (RAND,"
                        + " CURRENT_TIMESTAMP, ...) over the deduplicated rows: the join computes a"
                        + " versioned view's columns on each version as it arrives, which would"
                        + " change what such an expression gives.");
    }
}
