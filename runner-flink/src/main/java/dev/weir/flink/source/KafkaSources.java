package dev.weir.flink.source;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.executor.connector.kafka.KafkaOptions;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.plan.ExecNode;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Kafka stream through Flink's Kafka source: each partition a split with its own watermark
 * generator (Weir's per-partition rule), offsets in Flink's checkpoints, only committed records
 * read. The source runs on as many instances as the topic has partitions (at most the job's
 * parallelism): an instance without a partition would hold every watermark back.
 */
final class KafkaSources {
    private KafkaSources() {}

    static DataStream<Change> open(
            StreamExecutionEnvironment env,
            ExecNode.Source source,
            WatermarkStrategy<Change> watermarks,
            String name) {
        KafkaOptions options = ConnectorSources.kafka(source);
        Properties properties = new Properties();
        properties.putAll(options.properties());
        properties.put("isolation.level", "read_committed");
        options.groupId().ifPresent(g -> properties.put("group.id", g));
        KafkaSource<Change> kafka =
                KafkaSource.<Change>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(options.topic())
                        .setStartingOffsets(startingOffsets(options))
                        .setProperties(properties)
                        .setDeserializer(new KafkaRecords(options.format(), RowSchema.of(source)))
                        .build();
        int partitions = partitions(options);
        return env.fromSource(kafka, watermarks, name, ChangeTypeInfo.INSTANCE)
                .setParallelism(Math.max(1, Math.min(partitions, env.getParallelism())))
                .name(name)
                .uid(name);
    }

    private static OffsetsInitializer startingOffsets(KafkaOptions options) {
        return switch (options.startupMode()) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** How many partitions the topic has now: the source's parallelism follows it. */
    private static int partitions(KafkaOptions options) {
        Properties admin = new Properties();
        admin.putAll(options.properties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeoutMillis());
        try (Admin client = Admin.create(admin)) {
            return client.describeTopics(List.of(options.topic()))
                    .allTopicNames()
                    .get(options.timeoutMillis(), TimeUnit.MILLISECONDS)
                    .get(options.topic())
                    .partitions()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "Cannot read the partitions of the Kafka topic '"
                            + options.topic()
                            + "' at '"
                            + options.bootstrapServers()
                            + "': "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
