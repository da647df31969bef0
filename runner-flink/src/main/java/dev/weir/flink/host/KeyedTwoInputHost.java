package dev.weir.flink.host;

import dev.weir.common.row.Change;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A keyed Weir operator of two inputs (joins) on two streams keyed alike. Each input's watermark,
 * first raised to its checkpointed value, goes to the operator as that input's own ({@link
 * dev.weir.executor.operator.Operator#processInputWatermark}: the window, interval and temporal
 * joins decide lateness by it); then Flink combines the inputs' watermarks (their minimum, idle
 * inputs left out) and hands the result to {@link #processWatermark}.
 */
public final class KeyedTwoInputHost extends KeyedOperatorHost
        implements TwoInputStreamOperator<Change, Change, Change> {
    private static final long serialVersionUID = 1L;

    /**
     * @param constantKey whether both streams are keyed by a constant (a join without key
     *     equalities: one instance does it all)
     */
    public KeyedTwoInputHost(OperatorSpec spec, boolean constantKey) {
        super(spec, 2, constantKey);
    }

    @Override
    public void processElement1(StreamRecord<Change> element) {
        process(0, element.getValue());
    }

    @Override
    public void processElement2(StreamRecord<Change> element) {
        process(1, element.getValue());
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        long lifted = liftInput(0, mark.getTimestamp());
        inputWatermark(0, lifted);
        super.processWatermark1(new Watermark(lifted));
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        long lifted = liftInput(1, mark.getTimestamp());
        inputWatermark(1, lifted);
        super.processWatermark2(new Watermark(lifted));
    }

    /** The combined watermark of both inputs. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        advance(mark.getTimestamp());
    }
}
