package dev.weir.planner.physical;

import dev.weir.common.error.Position;
import java.util.Optional;

/**
 * How a query's result is realized, as its EMIT clause says (DIALECT.md): as a table or a stream,
 * complete windows only (AFTER WATERMARK), early results held back by a delay, how late a row may
 * still update its window.
 *
 * @param stream push changes as they happen (EMIT STREAM), rather than answer as of now
 * @param afterWatermark only results the watermark has completed
 * @param delayMillis AFTER DELAY: hold updates back this long; 0 for none
 * @param allowedLatenessMillis how long after the watermark a window still takes late rows
 * @param snapshot a stream starts with the current rows (WITH (SNAPSHOT = FALSE) turns it off)
 * @param position the EMIT clause's position, for errors about it
 */
public record EmitSpec(
        boolean stream,
        boolean afterWatermark,
        long delayMillis,
        long allowedLatenessMillis,
        boolean snapshot,
        Optional<Position> position) {
    /** A query without EMIT: a table realization, as of now. */
    public static final EmitSpec TABLE = new EmitSpec(false, false, 0, 0, true, Optional.empty());

    /**
     * Whether a window aggregate emits only its final rows. Not with early results (AFTER WATERMARK
     * AND AFTER DELAY, streamed): the aggregate then updates on every row and the delay operator
     * above decides what is realized when.
     */
    public boolean windowsFinalOnly() {
        return afterWatermark && !(stream && delayMillis > 0);
    }
}
