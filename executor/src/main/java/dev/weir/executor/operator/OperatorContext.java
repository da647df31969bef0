package dev.weir.executor.operator;

import dev.weir.executor.state.StateBackend;

/** What the runtime gives an operator. */
public interface OperatorContext {
    /**
     * A name unique within the job, used to name the operator's state. It stays the same across
     * plans whose checkpoints restore into one another (it follows the operator's slot in the
     * plan's state, {@code dev.weir.plan.PlanState}, not its node id), so it is not the id the
     * operator's metrics are reported under.
     */
    String operatorId();

    Output output();

    StateBackend state();

    /**
     * State of the operator as a whole rather than of one key: its watermark (see {@link
     * WatermarkState}). The local runtime keeps it in {@link #state()} with the rest; a partitioned
     * runtime (the Flink runner) keeps one copy per parallel instance, since its {@link #state()}
     * is scoped to the key being processed.
     */
    default StateBackend operatorState() {
        return state();
    }

    OperatorMetrics metrics();

    /** Processing time now, in milliseconds since the epoch. */
    long currentProcessingTime();

    /**
     * Asks for {@link Operator#onProcessingTime} to be called once at or after {@code time}. Only
     * AFTER DELAY uses processing time; everything else runs on watermarks.
     */
    void registerProcessingTimer(long time);

    /**
     * Tells a partitioned runtime that the key being processed has work due once the watermark
     * reaches {@code time}: it then calls {@link KeyedOperator#onEventTime} with that key's state
     * in scope. The local runtime needs nothing (its operators find what is due with one scan of
     * their time-ordered state on each watermark), so the default does nothing.
     */
    default void registerEventTimer(long time) {}
}
