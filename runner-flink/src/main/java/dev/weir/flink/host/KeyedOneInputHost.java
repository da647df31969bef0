package dev.weir.flink.host;

import dev.weir.common.row.Change;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** A keyed Weir operator of one input (aggregates, sessions) on a keyed stream. */
public final class KeyedOneInputHost extends KeyedOperatorHost
        implements OneInputStreamOperator<Change, Change> {
    private static final long serialVersionUID = 1L;

    /**
     * @param constantKey whether the stream is keyed by a constant (one instance does it all)
     */
    public KeyedOneInputHost(OperatorSpec spec, boolean constantKey) {
        super(spec, 1, constantKey);
    }

    @Override
    public void processElement(StreamRecord<Change> element) {
        process(0, element.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        advance(liftInput(0, mark.getTimestamp()));
    }
}
