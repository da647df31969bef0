package dev.weir.executor.connector.kafka;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The settings of the consumers and producers Weir makes, and the errors it reports for them. */
final class KafkaClients {
    private KafkaClients() {}

    /**
     * A consumer that reads only committed records (a transactional writer's aborted ones never
     * reach a query), never commits by itself (offsets are committed at checkpoints) and never
     * creates a topic by reading it.
     */
    static Map<String, Object> consumer(KafkaOptions options, Optional<String> groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(options.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // A position that the topic no longer holds (retention deleted it) is an error the query
        // reports, not a silent jump.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        groupId.ifPresent(g -> config.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "weir-" + options.topic());
        return config;
    }

    /**
     * An idempotent producer waiting for every in-sync replica; transactional when {@code
     * transactionalId} is given. A call that cannot reach the brokers gives up after the timeout.
     */
    static Map<String, Object> producer(KafkaOptions options, Optional<String> transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Transactions are committed one after another; Kafka's default 100 ms back-off between
        // retries of "the previous one is still completing" would bound them to a few per second.
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        // An open transaction lives until the next checkpoint; the broker's ceiling (15 minutes)
        // leaves room for long checkpoint intervals.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeoutMillis());
        config.putAll(options.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        transactionalId.ifPresent(id -> config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
        config.remove("group.id"); // a consumer setting, which a producer would warn about
        return config;
    }

    static WeirException unreachable(KafkaOptions options, String doing) {
        return new WeirException(
                ErrorCode.CONNECTOR_ERROR,
                Optional.empty(),
                "Cannot reach the Kafka brokers at '"
                        + options.bootstrapServers()
                        + "' to "
                        + doing
                        + " the topic '"
                        + options.topic()
                        + "' within "
                        + options.timeoutMillis()
                        + " ms; check 'bootstrap.servers' and that the brokers are up.");
    }

    static WeirException failed(KafkaOptions options, String doing, Exception e) {
        return new WeirException(
                ErrorCode.CONNECTOR_ERROR,
                Optional.empty(),
                "Kafka failed to " + doing + " the topic '" + options.topic() + "': " + e,
                e);
    }
}
