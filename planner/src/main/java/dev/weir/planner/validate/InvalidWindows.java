package dev.weir.planner.validate;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.Optional;

/**
 * The windowing function calls that define no windows, one factory per message (INVALID_WINDOW).
 * Validation raises them with the position of the argument at fault ({@link WindowArguments}); the
 * translators raise the same ones, without a position, for what validation cannot see (a view's
 * query).
 */
public final class InvalidWindows {
    private InvalidWindows() {}

    /**
     * @param what the argument: size, slide, step or gap
     */
    public static WeirException notPositive(String what, Optional<Position> position) {
        return invalid(
                position,
                "A window " + what + " must be a positive interval (of at least one millisecond).");
    }

    public static WeirException negativeOffset(Optional<Position> position) {
        return invalid(position, "A window offset must be zero or a positive interval.");
    }

    /**
     * @param what the argument: size, slide, step, gap or offset
     */
    public static WeirException notDayTimeLiteral(String what, Optional<Position> position) {
        return invalid(
                position,
                "A window "
                        + what
                        + " must be a day-time interval literal, such as INTERVAL '10' SECOND.");
    }

    public static WeirException cumulateSizeNotMultipleOfStep(
            long sizeMillis, long stepMillis, Optional<Position> position) {
        return invalid(
                position,
                "A CUMULATE window's size must be a whole number of steps; "
                        + sizeMillis
                        + " ms is not a multiple of "
                        + stepMillis
                        + " ms.");
    }

    /**
     * @param column the column the DESCRIPTOR names
     */
    public static WeirException notTimeAttribute(String column, Optional<Position> position) {
        return invalid(
                position,
                "The column '"
                        + column
                        + "' is not a time attribute: a windowing function's DESCRIPTOR must"
                        + " name the column a stream's WATERMARK is declared on (passed through"
                        + " unchanged), the window_end of a windowed aggregate, whose watermark"
                        + " completes the windows, or a stream's processing-time attribute"
                        + " (AS PROCTIME()).");
    }

    static WeirException invalid(Optional<Position> position, String message) {
        return new WeirException(ErrorCode.INVALID_WINDOW, position, message);
    }
}
