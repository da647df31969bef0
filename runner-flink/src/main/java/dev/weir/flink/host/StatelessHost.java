package dev.weir.flink.host;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.state.memory.HeapStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A stateless Weir operator (a calc, an aligned window assignment, the processing clock's
 * watermark) hosted in a Flink operator on whatever partitioning its input has: rows and watermarks
 * go through it as the operator says, and its processing-time timers are Flink's.
 */
public final class StatelessHost extends AbstractStreamOperator<Change>
        implements OneInputStreamOperator<Change, Change>, HostContext.Sink {
    private static final long serialVersionUID = 1L;

    private final OperatorSpec spec;
    private final boolean clockDriven;
    private transient Operator operator;
    private transient HostContext context;
    private transient StreamRecord<Change> record;

    public StatelessHost(OperatorSpec spec) {
        this(spec, false);
    }

    /**
     * @param clockDriven whether the operator's watermark comes from the processing clock (a
     *     processing-time window's): it then stays active while its input is idle, as the clock
     *     goes on, so that windows close without new rows, as on the local runner
     */
    public StatelessHost(OperatorSpec spec, boolean clockDriven) {
        this.spec = spec;
        this.clockDriven = clockDriven;
    }

    @Override
    public void open() throws Exception {
        super.open();
        record = new StreamRecord<>(null);
        // A stateless operator never touches its state: an empty heap backend stands in.
        context =
                new HostContext(
                        spec.name(),
                        new HeapStateBackend(),
                        this,
                        () -> getProcessingTimeService().getCurrentProcessingTime(),
                        time ->
                                getProcessingTimeService()
                                        .registerTimer(
                                                time,
                                                fired ->
                                                        operator.onProcessingTime(
                                                                getProcessingTimeService()
                                                                        .getCurrentProcessingTime())),
                        time -> {});
        operator = spec.build();
        operator.open(context);
    }

    @Override
    public void processElement(StreamRecord<Change> element) {
        operator.processChange(0, element.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) {
        operator.processWatermark(mark.getTimestamp());
    }

    /** An idle input does not stop the clock: a clock-driven operator's output stays active. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (!clockDriven) {
            super.processWatermarkStatus(status);
        }
    }

    @Override
    public void emit(Change change) {
        output.collect(record.replace(change));
    }

    @Override
    public void emitWatermark(long watermark) {
        output.emitWatermark(new Watermark(watermark));
    }

    @Override
    public void close() throws Exception {
        if (operator != null) {
            operator.close();
        }
        if (context != null) {
            context.close();
        }
        super.close();
    }
}
