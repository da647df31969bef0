package dev.weir.flink.source;

import dev.weir.common.row.Change;
import dev.weir.plan.ExecNode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where a plan's sources come from on Flink: Flink sources whose positions Flink checkpoints. */
public interface FlinkSources {
    /**
     * The changes of {@code source}, with {@code watermarks} (Weir's rule for the source) assigned
     * where they are read.
     *
     * @throws dev.weir.common.error.WeirException NOT_SUPPORTED for a source the Flink runner
     *     cannot read, saying why
     */
    DataStream<Change> open(
            StreamExecutionEnvironment env,
            ExecNode.Source source,
            WatermarkStrategy<Change> watermarks);

    /** The idle timeout of the source's watermark, or 0 (a Kafka stream's option). */
    default long idleTimeoutMillis(ExecNode.Source source) {
        return 0;
    }

    /** Streams declared with a connector: {@code file} and {@code kafka}. */
    static FlinkSources connectors() {
        return new ConnectorSources();
    }
}
