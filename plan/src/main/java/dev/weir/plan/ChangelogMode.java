package dev.weir.plan;

/** What kinds of change an operator emits. */
public enum ChangelogMode {
    /** Only +I: an append-only stream. */
    INSERT_ONLY,
    /** +I, -U, +U, -D, each -U/-D retracting an earlier row exactly. */
    RETRACT
}
