package dev.weir.plan;

import static java.util.Objects.requireNonNull;

/**
 * The frame of an OVER aggregate, ordered by event time, ending at the current row: which rows
 * before each row its aggregates read.
 *
 * @param unit ROWS counts rows back from the current one; RANGE measures event time back from the
 *     current row's, and takes the current row's peers (rows of its time) with it
 * @param unbounded UNBOUNDED PRECEDING: every earlier row of the partition
 * @param preceding when bounded: ROWS, how many rows before the current one (0 or more); RANGE, how
 *     many milliseconds before its time ({@code INTERVAL ... PRECEDING}); 0 when unbounded
 */
public record OverFrame(Unit unit, boolean unbounded, long preceding) {
    public OverFrame {
        requireNonNull(unit, "unit is null");
        if (preceding < 0 || unbounded && preceding != 0) {
            throw new IllegalArgumentException("bad frame: " + preceding + " preceding");
        }
    }

    /** How a frame's extent is measured. */
    public enum Unit {
        ROWS,
        RANGE
    }

    public static OverFrame unboundedRows() {
        return new OverFrame(Unit.ROWS, true, 0);
    }

    public static OverFrame unboundedRange() {
        return new OverFrame(Unit.RANGE, true, 0);
    }

    public static OverFrame rows(long preceding) {
        return new OverFrame(Unit.ROWS, false, preceding);
    }

    public static OverFrame range(long precedingMillis) {
        return new OverFrame(Unit.RANGE, false, precedingMillis);
    }

    /**
     * As SQL writes it, the interval in milliseconds: {@code RANGE BETWEEN 3600000ms PRECEDING
     * ...}.
     */
    public String describe() {
        String lower =
                unbounded
                        ? "UNBOUNDED"
                        : unit == Unit.ROWS ? Long.toString(preceding) : preceding + "ms";
        return unit + " BETWEEN " + lower + " PRECEDING AND CURRENT ROW";
    }
}
