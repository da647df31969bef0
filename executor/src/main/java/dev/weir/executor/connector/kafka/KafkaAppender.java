package dev.weir.executor.connector.kafka;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.file.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code INSERT INTO kafka_stream VALUES ...}: the rows written in one transaction, committed
 * before the statement returns, so a read_committed reader sees all of them or (if the statement
 * fails) none.
 */
public final class KafkaAppender {
    private KafkaAppender() {}

    public static void append(KafkaOptions options, RecordEncoder encoder, List<Row> rows) {
        // A transactional id of its own: a statement is not resumed, so nothing needs fencing.
        String id = "weir-values-" + UUID.randomUUID();
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        KafkaClients.producer(options, Optional.of(id)),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
        try {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
            for (Row row : rows) {
                byte[] value = encoder.encode(row).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(options.topic(), value)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(options.timeoutMillis(), TimeUnit.MILLISECONDS);
            }
            producer.commitTransaction();
        } catch (TimeoutException | java.util.concurrent.TimeoutException e) {
            throw KafkaClients.unreachable(options, "write");
        } catch (ExecutionException e) {
            throw KafkaClients.failed(
                    options,
                    "write",
                    e.getCause() instanceof Exception c ? c : new KafkaException(e));
        } catch (KafkaException e) {
            throw KafkaClients.failed(options, "write", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaClients.failed(options, "write", e);
        } finally {
            // Not close(): it waits without limit for a broker that may be gone.
            producer.close(Duration.ofSeconds(1));
        }
    }
}
