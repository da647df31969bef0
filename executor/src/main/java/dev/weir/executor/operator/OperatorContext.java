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

    OperatorMetrics metrics();

    /** Processing time now, in milliseconds since the epoch. */
    long currentProcessingTime();

    /**
     * Asks for {@link Operator#onProcessingTime} to be called once at or after {@code time}. Only
     * AFTER DELAY uses processing time; everything else runs on watermarks.
     */
    void registerProcessingTimer(long time);
}
