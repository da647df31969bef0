package dev.weir.executor.runtime;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * An operator placed in a job: its context, where its output goes, and the watermark of each of its
 * inputs, whose minimum is what the operator sees.
 */
final class OperatorNode implements OperatorContext, Output {
    private final String operatorId;
    private final Operator operator;
    private final StateBackend state;
    private final OperatorMetrics metrics;
    private final LongSupplier clock;
    private final long[] inputWatermarks;
    private final List<Edge> downstream = new ArrayList<>();
    private final PriorityQueue<Long> timers = new PriorityQueue<>();
    private ResultSink sink;
    private long combinedWatermark = Watermarks.NONE;

    /** Where output goes: input {@code input} of {@code node}. */
    record Edge(OperatorNode node, int input) {}

    /**
     * @param operatorId what the operator names its state by ({@link OperatorContext#operatorId})
     * @param metricsId what its metrics are reported under
     */
    OperatorNode(
            String operatorId,
            String metricsId,
            Operator operator,
            int inputCount,
            StateBackend state,
            LongSupplier clock) {
        this.operatorId = operatorId;
        this.operator = operator;
        this.state = state;
        this.metrics = new OperatorMetrics(metricsId);
        this.clock = clock;
        this.inputWatermarks = new long[Math.max(inputCount, 1)];
        Arrays.fill(inputWatermarks, Watermarks.NONE);
    }

    void connectTo(OperatorNode node, int input) {
        downstream.add(new Edge(node, input));
    }

    void connectTo(ResultSink sink) {
        this.sink = sink;
    }

    void open() {
        operator.open(this);
    }

    void close() {
        operator.close();
    }

    Operator operator() {
        return operator;
    }

    /** Counted here, for every operator alike: rows in and out are what SHOW QUERIES shows. */
    void receive(int input, Change change) {
        metrics.rowIn();
        operator.processChange(input, change);
    }

    void receiveWatermark(int input, long watermark) {
        if (watermark <= inputWatermarks[input]) {
            return;
        }
        inputWatermarks[input] = watermark;
        operator.processInputWatermark(input, watermark);
        long min = Long.MAX_VALUE;
        for (long w : inputWatermarks) {
            min = Math.min(min, w);
        }
        if (min > combinedWatermark) {
            combinedWatermark = min;
            operator.processWatermark(min);
        }
    }

    /** Fires the processing-time timers due at {@code now}. */
    void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek() <= now) {
            timers.poll();
            operator.onProcessingTime(now);
        }
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
    public OperatorMetrics metrics() {
        return metrics;
    }

    @Override
    public long currentProcessingTime() {
        return clock.getAsLong();
    }

    @Override
    public void registerProcessingTimer(long time) {
        timers.add(time);
    }

    @Override
    public void emit(Change change) {
        metrics.rowOut();
        for (Edge edge : downstream) {
            edge.node().receive(edge.input(), change);
        }
        if (sink != null) {
            sink.accept(change);
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        metrics.watermark(watermark);
        for (Edge edge : downstream) {
            edge.node().receiveWatermark(edge.input(), watermark);
        }
        if (sink != null) {
            sink.watermark(watermark);
        }
    }
}
