package dev.weir.planner.exec;

/** Which rows a join keeps besides the matching pairs. */
public enum JoinKind {
    /** Only matching pairs. */
    INNER,
    /** Also each left row without a match, padded with NULLs on the right. */
    LEFT,
    /** Also each right row without a match, padded with NULLs on the left. */
    RIGHT,
    /** Both LEFT and RIGHT. */
    FULL;

    /** Whether unmatched rows of the left input appear in the result. */
    public boolean keepsUnmatchedLeft() {
        return this == LEFT || this == FULL;
    }

    /** Whether unmatched rows of the right input appear in the result. */
    public boolean keepsUnmatchedRight() {
        return this == RIGHT || this == FULL;
    }
}
