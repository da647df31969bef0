package dev.weir.sqltests.oracle;

/** The ways a query's result is realized; each must equal the reference. */
enum Realization {
    /** No EMIT: the result as of now, over the retained input. */
    TABLE,
    /** EMIT STREAM: the changelog, folded. */
    STREAM,
    /** EMIT STREAM AFTER WATERMARK: each complete window once (windowed aggregates). */
    FINAL,
    /** EMIT AFTER WATERMARK: the complete windows as of now (windowed aggregates). */
    TABLE_FINAL,
    /** EMIT STREAM AFTER DELAY: rate-limited changes, folded. */
    DELAY,
    /** A materialized view created before the input, read after it. */
    VIEW,
    /** The same, on a durable engine restarted in the middle of the input. */
    VIEW_RESTART;

    /** Whether the reference keeps only the windows the final watermark completed. */
    boolean completeOnly(OracleQuery q) {
        return switch (this) {
            case FINAL, TABLE_FINAL -> true;
            case VIEW, VIEW_RESTART -> q.viewAfterWatermark();
            default -> false;
        };
    }

    /** The allowed lateness the realization's EMIT gives windowed aggregates. */
    long lateness(OracleQuery q) {
        return switch (this) {
            case TABLE, DELAY -> 0;
            // A materialized view's EMIT carries the lateness only with AFTER WATERMARK.
            case VIEW, VIEW_RESTART -> q.viewAfterWatermark() ? q.lateness() : 0;
            default -> q.lateness();
        };
    }
}
