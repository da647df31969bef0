package dev.weir.flink.host;

import dev.weir.common.row.Change;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A keyed Weir operator of two inputs (joins) on two streams keyed alike. Flink combines the
 * inputs' watermarks (their minimum, idle inputs left out) and hands the result to {@link
 * #processWatermark}; each input's is first raised to its checkpointed value.
 */
public final class KeyedTwoInputHost extends KeyedOperatorHost
        implements TwoInputStreamOperator<Change, Change, Change> {
    private static final long serialVersionUID = 1L;

    public KeyedTwoInputHost(OperatorSpec spec) {
        super(spec, 2, false);
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
        super.processWatermark1(new Watermark(liftInput(0, mark.getTimestamp())));
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        super.processWatermark2(new Watermark(liftInput(1, mark.getTimestamp())));
    }

    /** The combined watermark of both inputs. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        advance(mark.getTimestamp());
    }
}
