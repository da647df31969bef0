package dev.weir.flink.host;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.state.memory.HeapStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A stateless Weir operator (a calc, an aligned window assignment) hosted in a Flink operator on
 * whatever partitioning its input has: rows and watermarks go through it as the operator says.
 */
public final class StatelessHost extends AbstractStreamOperator<Change>
        implements OneInputStreamOperator<Change, Change>, HostContext.Sink {
    private static final long serialVersionUID = 1L;

    private final OperatorSpec spec;
    private transient Operator operator;
    private transient HostContext context;
    private transient StreamRecord<Change> record;

    public StatelessHost(OperatorSpec spec) {
        this.spec = spec;
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
                        time -> {
                            throw new IllegalStateException(
                                    "a stateless operator asked for a processing-time timer");
                        },
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
