package dev.weir.executor.operator.window;

/**
 * A session window {@code [start, end)}: it ends at its last event plus the gap. Pure arithmetic,
 * kept apart from {@link SessionWindowAggregateOperator} so the merging rule is tested on its own.
 */
record SessionWindow(long start, long end) {
    /** The session a lone event at {@code time} opens. */
    static SessionWindow of(long time, long gap) {
        if (gap <= 0) {
            throw new IllegalArgumentException("SESSION gap must be positive, not " + gap + " ms");
        }
        return new SessionWindow(time, time + gap);
    }

    /**
     * Whether the two sessions are one: Flink's and Calcite's rule merges events at most one gap
     * apart, so half-open intervals that merely touch ({@code end == other.start}) merge too.
     */
    boolean mergesWith(SessionWindow other) {
        return start <= other.end && other.start <= end;
    }

    /** The smallest session holding both. */
    SessionWindow cover(SessionWindow other) {
        return new SessionWindow(Math.min(start, other.start), Math.max(end, other.end));
    }
}
