package dev.weir.flink.host;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Output;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What a hosted Weir operator sees of Flink: its output, its state (scoped to the key being
 * processed, for a keyed host), its timers. Operator-wide state (the watermark) is kept on the heap
 * of the parallel instance: the host gives the watermark back after a restore (see {@link
 * KeyedOperatorHost}).
 */
final class HostContext implements OperatorContext, Output {
    /** Where the host sends what the operator emits. */
    interface Sink {
        void emit(Change change);

        void emitWatermark(long watermark);
    }

    private final String operatorId;
    private final StateBackend state;
    private final StateBackend operatorState = new HeapStateBackend();
    private final OperatorMetrics metrics;
    private final Sink sink;
    private final LongSupplier clock;
    private final LongConsumer processingTimers;
    private final LongConsumer eventTimers;

    HostContext(
            String operatorId,
            StateBackend state,
            Sink sink,
            LongSupplier clock,
            LongConsumer processingTimers,
            LongConsumer eventTimers) {
        this.operatorId = operatorId;
        this.state = state;
        this.metrics = new OperatorMetrics(operatorId);
        this.sink = sink;
        this.clock = clock;
        this.processingTimers = processingTimers;
        this.eventTimers = eventTimers;
    }

    @Override
    public String operatorId() {
        return operatorId;
    }

    @Override
    public Output output() {
        return this;
    }

    @Override
    public StateBackend state() {
        return state;
    }

    @Override
    public StateBackend operatorState() {
        return operatorState;
    }

    @Override
    public OperatorMetrics metrics() {
        return metrics;
    }

    @Override
    public long currentProcessingTime() {
        return clock.getAsLong();
    }

    @Override
    public void registerProcessingTimer(long time) {
        processingTimers.accept(time);
    }

    @Override
    public void registerEventTimer(long time) {
        eventTimers.accept(time);
    }

    @Override
    public void emit(Change change) {
        sink.emit(change);
    }

    @Override
    public void emitWatermark(long watermark) {
        sink.emitWatermark(watermark);
    }

    void close() {
        operatorState.close();
    }
}
