package dev.weir.executor.connector.kafka;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.executor.connector.file.RecordDecoder;
import dev.weir.executor.runtime.PartitionedSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka topic as a stream: every partition of the topic, assigned to one consumer (no group
 * membership, so no rebalancing), each record's value decoded as a CSV or JSON record by the file
 * connector's rules. Unbounded. Reads only committed records.
 *
 * <p>The position is each partition's next offset, so a replay from a checkpoint reads exactly the
 * records after it; partitions the topic gained since are read from their beginning. Without a
 * position, {@link StartupMode} decides. Nothing touches the network until the first poll, on the
 * job's thread, so an unreachable broker fails the query (after the timeout), never the statement
 * that created it.
 *
 * <p>The consumer interleaves the partitions however its fetches complete, so the same records come
 * in another order when read again. This source takes that order out: each poll returns its records
 * by partition, then offset, so what one poll returned is fixed by the partitions' offsets before
 * and after it, and {@link #pollUntil} returns it again after a restart. A job that journals its
 * rounds' positions (a persistent INSERT into an internal stream) thereby reproduces its output row
 * for row.
 *
 * <p>A record that does not decode (or has no value) is counted and skipped, the last problem kept
 * with its partition and offset. The partitions are those the topic has when reading starts.
 */
public final class KafkaSource implements SourceReader, PartitionedSource {
    private static final Logger LOG = Logger.getLogger(KafkaSource.class.getName());

    private final KafkaOptions options;
    private final RecordDecoder decoder;
    private SourcePosition startAt = SourcePosition.START;
    private KafkaConsumer<byte[], byte[]> consumer;
    private int[] partitions = new int[0];
    private final Map<Integer, Long> nextOffsets = new TreeMap<>();
    // Fetched records not yet returned, per partition in ascending order, each in offset order.
    private final Map<Integer, ArrayDeque<ConsumerRecord<byte[], byte[]>>> pending =
            new TreeMap<>();
    private int[] rowPartitions = new int[1024];
    private long malformed;
    private String lastError;

    public KafkaSource(KafkaOptions options, SourceSchema schema) {
        this.options = options;
        this.decoder = RecordDecoder.of(options.format(), schema);
    }

    @Override
    public void open(SourcePosition position) {
        if (consumer != null) {
            throw new IllegalStateException("a Kafka source is opened before it is read");
        }
        startAt = position;
    }

    /**
     * Up to {@code maxRows} rows of the records fetched, partition by partition in ascending order
     * and each partition's in offset order, whatever order the consumer returned them in; more are
     * fetched only once every fetched record is taken. So the rows of one poll follow from each
     * partition's offsets before and after it alone, and {@link #pollUntil} reproduces them.
     */
    @Override
    public List<Row> poll(int maxRows) {
        if (consumer == null) {
            connect();
        }
        if (pending.values().stream().allMatch(ArrayDeque::isEmpty)) {
            fetch(Duration.ZERO);
        }
        List<Row> rows = new ArrayList<>(Math.min(maxRows, 1024));
        for (ArrayDeque<ConsumerRecord<byte[], byte[]>> queue : pending.values()) {
            while (rows.size() < maxRows && !queue.isEmpty()) {
                take(queue.poll(), rows);
            }
        }
        return rows;
    }

    @Override
    public boolean replaysPolls() {
        return true;
    }

    /**
     * The records from each partition's next offset up to {@code end}'s, in {@link #poll}'s order:
     * exactly what the poll that reported {@code end} returned, fetching them again if need be.
     *
     * @throws WeirException CONNECTOR_ERROR if they cannot be fetched within the timeout
     */
    @Override
    public List<Row> pollUntil(SourcePosition end) {
        if (consumer == null) {
            connect();
        }
        long deadline = System.nanoTime() + options.timeoutMillis() * 1_000_000;
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, Long> target : decode(end).entrySet()) {
            int partition = target.getKey();
            long until = target.getValue();
            while (nextOffsets.getOrDefault(partition, Long.MAX_VALUE) < until) {
                ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = pending.get(partition);
                if (queue != null && !queue.isEmpty()) {
                    if (queue.peek().offset() >= until) {
                        break; // the records before 'until' are gone (compaction): none to read
                    }
                    take(queue.poll(), rows);
                } else if (System.nanoTime() > deadline) {
                    throw new WeirException(
                            ErrorCode.CONNECTOR_ERROR,
                            Optional.empty(),
                            "Cannot read again, within "
                                    + options.timeoutMillis()
                                    + " ms, the records of partition "
                                    + partition
                                    + " of the Kafka topic '"
                                    + options.topic()
                                    + "' up to offset "
                                    + until
                                    + " that this query read before it restarted.");
                } else {
                    fetch(Duration.ofMillis(100));
                }
            }
        }
        return rows;
    }

    /** Fetches what the consumer has, each record queued behind its partition's. */
    private void fetch(Duration timeout) {
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                pending.computeIfAbsent(record.partition(), p -> new ArrayDeque<>()).add(record);
            }
        } catch (OffsetOutOfRangeException e) {
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "The Kafka topic '"
                            + options.topic()
                            + "' no longer holds the records at "
                            + e.offsetOutOfRangePartitions()
                            + " where this query resumes (deleted by retention?).",
                    e);
        } catch (KafkaException e) {
            throw KafkaClients.failed(options, "read", e);
        }
    }

    /** Moves past {@code record}, adding its row (and its partition) unless it is malformed. */
    private void take(ConsumerRecord<byte[], byte[]> record, List<Row> rows) {
        nextOffsets.put(record.partition(), record.offset() + 1);
        if (record.value() == null) {
            skip(record, "the record has no value");
            return;
        }
        String text = stripLineEnd(new String(record.value(), StandardCharsets.UTF_8));
        try {
            Object[] values = decoder.decode(text);
            if (rows.size() == rowPartitions.length) {
                rowPartitions = Arrays.copyOf(rowPartitions, rows.size() * 2);
            }
            rowPartitions[rows.size()] = record.partition();
            rows.add(Row.wrap(values));
        } catch (IllegalArgumentException e) {
            skip(record, e.getMessage());
        }
    }

    private void skip(ConsumerRecord<?, ?> record, String problem) {
        malformed++;
        lastError =
                "partition " + record.partition() + " offset " + record.offset() + ": " + problem;
    }

    /** A writer may end each value with a line end, as a file's line has one. */
    private static String stripLineEnd(String text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    private void connect() {
        consumer =
                new KafkaConsumer<>(
                        KafkaClients.consumer(options, options.groupId()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        try {
            Duration timeout = Duration.ofMillis(options.timeoutMillis());
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(options.topic(), timeout);
            } catch (TimeoutException e) {
                throw KafkaClients.unreachable(options, "read");
            }
            if (infos == null || infos.isEmpty()) {
                throw new WeirException(
                        ErrorCode.CONNECTOR_ERROR,
                        Optional.empty(),
                        "The Kafka topic '"
                                + options.topic()
                                + "' does not exist at '"
                                + options.bootstrapServers()
                                + "'.");
            }
            partitions = infos.stream().mapToInt(PartitionInfo::partition).sorted().toArray();
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p : partitions) {
                assigned.add(new TopicPartition(options.topic(), p));
            }
            consumer.assign(assigned);
            Map<TopicPartition, Long> start = startOffsets(assigned, timeout);
            start.forEach(
                    (tp, offset) -> {
                        consumer.seek(tp, offset);
                        nextOffsets.put(tp.partition(), offset);
                    });
        } catch (TimeoutException e) {
            close();
            throw KafkaClients.unreachable(options, "read");
        } catch (KafkaException e) {
            close();
            throw KafkaClients.failed(options, "start reading", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<TopicPartition, Long> startOffsets(
            List<TopicPartition> assigned, Duration timeout) {
        Map<TopicPartition, Long> start = new HashMap<>();
        if (!startAt.isStart()) {
            Map<Integer, Long> restored = decode(startAt);
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition tp : assigned) {
                Long offset = restored.get(tp.partition());
                if (offset != null) {
                    start.put(tp, offset);
                } else {
                    fresh.add(tp); // a partition the topic gained after the checkpoint
                }
            }
            if (!fresh.isEmpty()) {
                start.putAll(consumer.beginningOffsets(fresh, timeout));
            }
            return start;
        }
        return switch (options.startupMode()) {
            case EARLIEST -> consumer.beginningOffsets(assigned, timeout);
            case LATEST -> consumer.endOffsets(assigned, timeout);
            case COMMITTED -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        consumer.committed(new java.util.HashSet<>(assigned), timeout);
                List<TopicPartition> without = new ArrayList<>();
                for (TopicPartition tp : assigned) {
                    OffsetAndMetadata c = committed.get(tp);
                    if (c != null) {
                        start.put(tp, c.offset());
                    } else {
                        without.add(tp);
                    }
                }
                if (!without.isEmpty()) {
                    start.putAll(consumer.beginningOffsets(without, timeout));
                }
                yield start;
            }
        };
    }

    @Override
    public SourcePosition position() {
        if (consumer == null) {
            return startAt; // not read yet: still where it was opened
        }
        long[] coordinates = new long[nextOffsets.size() * 2];
        int i = 0;
        for (Map.Entry<Integer, Long> e : nextOffsets.entrySet()) {
            coordinates[i++] = e.getKey();
            coordinates[i++] = e.getValue();
        }
        return SourcePosition.of(coordinates);
    }

    /** Each partition's next offset in a position this source reported. */
    static Map<Integer, Long> decode(SourcePosition position) {
        long[] coordinates = position.longs();
        if (coordinates.length % 2 != 0) {
            throw new IllegalArgumentException("not a Kafka position: " + position);
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        for (int i = 0; i < coordinates.length; i += 2) {
            offsets.put((int) coordinates[i], coordinates[i + 1]);
        }
        return offsets;
    }

    @Override
    public void checkpointCompleted(SourcePosition position) {
        if (options.groupId().isEmpty() || consumer == null || position.isStart()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        decode(position)
                .forEach(
                        (p, offset) ->
                                offsets.put(
                                        new TopicPartition(options.topic(), p),
                                        new OffsetAndMetadata(offset)));
        try {
            consumer.commitSync(offsets, Duration.ofMillis(options.timeoutMillis()));
        } catch (KafkaException e) {
            // The checkpoint itself is what a restart resumes from; the group's offsets only
            // serve 'committed' starts of other queries, so a failed commit is worth a warning.
            LOG.log(
                    Level.WARNING,
                    "Cannot commit the offsets of group '"
                            + options.groupId().get()
                            + "' for the Kafka topic '"
                            + options.topic()
                            + "': "
                            + e);
        }
    }

    @Override
    public int[] partitions() {
        return partitions.clone();
    }

    @Override
    public int partitionOf(int index) {
        return rowPartitions[index];
    }

    @Override
    public long idleTimeoutMillis() {
        return options.idleTimeoutMillis();
    }

    @Override
    public boolean isEnded() {
        return false;
    }

    @Override
    public boolean endIsFinal() {
        return false;
    }

    @Override
    public long malformedCount() {
        return malformed;
    }

    @Override
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The partitions read and their next offsets: for tests and tools. */
    public Map<Integer, Long> nextOffsets() {
        return Collections.unmodifiableMap(new TreeMap<>(nextOffsets));
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(
                        org.apache.kafka.clients.consumer.CloseOptions.timeout(
                                Duration.ofSeconds(5)));
            } catch (KafkaException e) {
                LOG.log(Level.FINE, "closing a Kafka consumer", e);
            }
            consumer = null;
        }
    }

    @Override
    public String toString() {
        return "KafkaSource["
                + options.topic()
                + ", partitions "
                + Arrays.toString(partitions)
                + "]";
    }
}
