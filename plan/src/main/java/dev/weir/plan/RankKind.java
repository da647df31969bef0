package dev.weir.plan;

/** The ranking function of a {@link ExecNode.Rank} node, as SQL numbers rows of a partition. */
public enum RankKind {
    /** 1, 2, 3, ...: every row its own number, ties in arrival order. */
    ROW_NUMBER,
    /** Tied rows share a number; the next number skips as many as were tied (1, 1, 3). */
    RANK,
    /** Tied rows share a number; the next number does not skip (1, 1, 2). */
    DENSE_RANK
}
