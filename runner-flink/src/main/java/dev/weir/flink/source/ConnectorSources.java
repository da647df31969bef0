package dev.weir.flink.source;

import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.file.FileOptions;
import dev.weir.executor.connector.kafka.KafkaOptions;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.plan.ExecNode;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streams the Flink runner reads: {@code file} streams through Flink's file source, {@code
 * kafka} streams through Flink's Kafka source, both decoded by Weir's CSV and JSON rules and with
 * their positions in Flink's checkpoints. Everything else is refused, naming what and why: internal
 * streams (their log lives in the Weir server's data directory), materialized views and system
 * tables (the server's), Nexmark's generator, and tailed files (Flink's file source reads a file
 * once).
 */
final class ConnectorSources implements FlinkSources {
    @Override
    public DataStream<Change> open(
            StreamExecutionEnvironment env,
            ExecNode.Source source,
            WatermarkStrategy<Change> watermarks) {
        String name = "source-n" + source.id() + "-" + source.stream();
        return switch (connector(source)) {
            case "file" -> file(env, source, watermarks, name);
            case "kafka" -> KafkaSources.open(env, source, watermarks, name);
            default ->
                    throw refused(
                            "The stream '"
                                    + source.stream()
                                    + "' reads the Nexmark generator, which the Flink runner does"
                                    + " not run; write its events to a file or a Kafka topic and"
                                    + " read those.");
        };
    }

    @Override
    public long idleTimeoutMillis(ExecNode.Source source) {
        return connector(source).equals("kafka")
                ? Connectors.kafkaOptions(source.options()).idleTimeoutMillis()
                : 0;
    }

    private static String connector(ExecNode.Source source) {
        if (source.options().containsKey(ExecNode.Source.SYSTEM_TABLE)) {
            throw refused(
                    "The system table '"
                            + source.stream()
                            + "' describes the Weir server and cannot be read on Flink.");
        }
        String connector = source.options().get("connector");
        if (connector == null) {
            throw refused(
                    "'"
                            + source.stream()
                            + "' is an internal stream or a materialized view, kept by the Weir"
                            + " server: the Flink runner reads streams declared with a 'file' or"
                            + " 'kafka' connector.");
        }
        return connector.strip().toLowerCase(Locale.ROOT);
    }

    private static DataStream<Change> file(
            StreamExecutionEnvironment env,
            ExecNode.Source source,
            WatermarkStrategy<Change> watermarks,
            String name) {
        FileOptions options = Connectors.fileOptions(source.options());
        if (options.tail()) {
            throw refused(
                    "The file stream '"
                            + source.stream()
                            + "' is tailed ('tail' = 'true'): Flink's file source reads a file"
                            + " once, so the Flink runner reads bounded files only.");
        }
        FileSource<Change> files =
                FileSource.forRecordStreamFormat(
                                new TextRecordFormat(
                                        options.format(), RowSchema.of(source), options.header()),
                                new Path(options.path().toAbsolutePath().toUri()))
                        .build();
        // One file is one split, read in order by one reader: more instances would have nothing.
        return env.fromSource(files, watermarks, name, ChangeTypeInfo.INSTANCE)
                .setParallelism(1)
                .name(name)
                .uid(name);
    }

    static WeirException refused(String message) {
        return Errors.notSupported(Optional.empty(), message);
    }

    static KafkaOptions kafka(ExecNode.Source source) {
        return Connectors.kafkaOptions(source.options());
    }
}
