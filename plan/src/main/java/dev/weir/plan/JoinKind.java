package dev.weir.plan;

/** Which rows a join keeps besides the matching pairs. */
public enum JoinKind {
    /** Only matching pairs. */
    INNER,
    /** Also each left row without a match, padded with NULLs on the right. */
    LEFT,
    /** Also each right row without a match, padded with NULLs on the left. */
    RIGHT,
    /** Both LEFT and RIGHT. */
    FULL,
    /** Each left row that has a match, once, with the left fields only (EXISTS, IN). */
    SEMI,
    /** Each left row that has no match, with the left fields only (NOT EXISTS). */
    ANTI;

    /** Whether the result is rows of the left input only, kept or dropped by their matches. */
    public boolean filtersLeft() {
        return this == SEMI || this == ANTI;
    }

    /** Whether unmatched rows of the left input appear in the result. */
    public boolean keepsUnmatchedLeft() {
        return this == LEFT || this == FULL;
    }

    /** Whether unmatched rows of the right input appear in the result. */
    public boolean keepsUnmatchedRight() {
        return this == RIGHT || this == FULL;
    }
}
