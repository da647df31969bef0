package dev.weir.common.function;

/**
 * A compiled filter-and-project over rows in Calcite's internal representation. Generated per query
 * by the planner's code generator and compiled once by the executor.
 */
public interface Calc {
    /**
     * Evaluates the filter on {@code in} and, if it passes, the projections into {@code out}.
     *
     * @return false if the row is filtered out (then {@code out} is undefined)
     */
    boolean apply(Object[] in, Object[] out);

    /**
     * Gives the calc the processing time its time functions read; called once, before the first
     * {@link #apply}. Code that reads no time ignores it.
     */
    default void open(ProcessingTime time) {}
}
