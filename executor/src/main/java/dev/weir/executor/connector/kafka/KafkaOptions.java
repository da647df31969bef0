package dev.weir.executor.connector.kafka;

import static java.util.Objects.requireNonNull;

import dev.weir.executor.connector.file.FileFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Kafka stream's options, checked: see {@code Connectors} for how they are read from {@code WITH
 * (...)}.
 *
 * @param properties Kafka client settings given as {@code 'properties.<name>'}, the prefix cut off:
 *     passed to the consumer and producer as they are (security settings, for instance)
 * @param timeoutMillis how long a call to the brokers may wait before the query fails with an error
 *     saying they cannot be reached ({@code properties.default.api.timeout.ms}, else 30 s)
 * @param idleTimeoutMillis {@code scan.watermark.idle-timeout}; 0 for none
 */
public record KafkaOptions(
        String topic,
        String bootstrapServers,
        FileFormat format,
        StartupMode startupMode,
        Optional<String> groupId,
        long idleTimeoutMillis,
        Map<String, String> properties,
        long timeoutMillis) {
    public KafkaOptions {
        requireNonNull(topic, "topic is null");
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(format, "format is null");
        requireNonNull(startupMode, "startupMode is null");
        requireNonNull(groupId, "groupId is null");
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
