package dev.weir.plan;

/** The aggregate functions the executor implements, with accumulate and retract. */
public enum AggregateKind {
    COUNT_STAR,
    COUNT,
    SUM,
    MIN,
    MAX,
    AVG
}
