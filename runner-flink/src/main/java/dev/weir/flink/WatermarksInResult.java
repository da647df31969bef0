package dev.weir.flink;

import dev.weir.common.row.Change;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * The last operator before the collect sink: passes each change on, and each watermark too, as a
 * record of its own. Flink's collect sink hands the client records only, and the server needs the
 * result's watermark: it is what lets EMIT STREAM forget the versions of windows that are over.
 * Runs as one instance, so the watermark it sees is already the least of all the result's inputs.
 */
final class WatermarksInResult extends AbstractStreamOperator<Either<Change, Long>>
        implements OneInputStreamOperator<Change, Either<Change, Long>> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<Change> element) {
        output.collect(new StreamRecord<>(Either.Left(element.getValue())));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        output.collect(new StreamRecord<>(Either.Right(mark.getTimestamp())));
        super.processWatermark(mark);
    }
}
