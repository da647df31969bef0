package dev.weir.sqltests.oracle;

import java.util.List;

/** What Weir gave for one realization of a query. */
sealed interface Outcome {
    /**
     * An answer: its canonical rows (sorted unless ordered), and whatever broke the realization's
     * own rules on the way (a retraction of a row that is not there, a DECIMAL off its declared
     * scale, an undo under EMIT STREAM AFTER WATERMARK without lateness).
     */
    record Answer(List<String> rows, List<String> violations) implements Outcome {}

    /** A coded refusal: not a mismatch, counted per shape. */
    record Refused(String code, String sqlState, boolean positioned, String message)
            implements Outcome {}

    /** INTERNAL_ERROR, or an exception that escaped without a code: always a failure. */
    record Internal(String message) implements Outcome {}
}
