package dev.weir.executor.operator.aggregate;

/**
 * One aggregate function over accumulator slots in an {@code Object[]} (kept in state as a row).
 * Stateless: the slots hold everything, so one instance serves every group.
 */
interface AggregateFunction {
    /** How many slots the accumulator takes. */
    int slots();

    void init(Object[] acc, int at);

    /** Adds a non-null value (COUNT(*) is given a dummy non-null value). */
    void accumulate(Object[] acc, int at, Object value);

    /** Removes a value added before; returns false if the function cannot retract it alone. */
    void retract(Object[] acc, int at, Object value);

    /** Folds accumulator {@code other} into {@code acc} (merging session windows). */
    void merge(Object[] acc, int at, Object[] other, int otherAt);

    Object result(Object[] acc, int at);

    /**
     * Whether retracting needs the multiset of values (MIN and MAX: retracting the current minimum
     * needs the next one).
     */
    default boolean needsValueCounts() {
        return false;
    }

    /** The result after a retraction, recomputed from the values still present. */
    default void recompute(Object[] acc, int at, Iterable<Object> values) {}
}
