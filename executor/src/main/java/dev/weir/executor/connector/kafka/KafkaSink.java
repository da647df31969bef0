package dev.weir.executor.connector.kafka;

import dev.weir.common.row.Change;
import dev.weir.executor.connector.file.RecordEncoder;
import dev.weir.executor.runtime.ResultSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where a persistent {@code INSERT INTO kafka_stream SELECT} writes: each row a record of the
 * stream's format (no key), through a transactional, idempotent producer (acks=all).
 *
 * <p><b>Checkpointed</b> (a query with a data directory), output is published exactly once, in a
 * two-phase commit with the query's checkpoints: the rows written between two checkpoints form one
 * transaction; {@link #prepareCheckpoint} flushes it, and it commits only once the checkpoint is
 * durable ({@link #checkpointCompleted}), together with a ledger entry: the checkpoint's number,
 * committed in the same transaction as the offset of this sink's own consumer group ({@code
 * transactionalId}) on partition 0 of the topic. On a restart, {@link #recover} aborts whatever
 * transaction was left open and returns the ledger: the query then resumes from the newest
 * checkpoint not newer than it, so a checkpoint whose transaction never committed is replayed, and
 * one whose transaction did is not. Readers see the rows at each checkpoint, provided they read
 * with {@code isolation.level=read_committed} (as Weir's own Kafka source does).
 *
 * <p><b>Not checkpointed</b> (an engine without a data directory, where nothing survives anyway),
 * each transaction commits at the end of the job round after {@link #COMMIT_INTERVAL_MILLIS}.
 *
 * <p>Rows produced while a prepared transaction awaits its checkpoint are held in memory and
 * written into the next transaction once it commits.
 */
public final class KafkaSink implements ResultSink {
    private static final Logger LOG = Logger.getLogger(KafkaSink.class.getName());

    /** How long an uncheckpointed sink keeps a transaction open before committing it. */
    public static final long COMMIT_INTERVAL_MILLIS = 100;

    private final KafkaOptions options;
    private final RecordEncoder encoder;
    private final String transactionalId;
    private final boolean checkpointed;
    private final LongSupplier clock;
    private final TopicPartition ledger;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> ledgerReader;
    private boolean inTransaction;
    private long transactionStarted;
    private long prepared = -1;
    private final List<ProducerRecord<byte[], byte[]>> held = new ArrayList<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long rowsWritten;
    private RuntimeException commitFailure;
    private volatile Throwable failure;

    /**
     * @param transactionalId stable across restarts of the same query, unique to it (also its
     *     ledger's consumer group)
     */
    public KafkaSink(
            KafkaOptions options,
            RecordEncoder encoder,
            String transactionalId,
            boolean checkpointed,
            LongSupplier clock) {
        this.options = options;
        this.encoder = encoder;
        this.transactionalId = transactionalId;
        this.checkpointed = checkpointed;
        this.clock = clock;
        this.ledger = new TopicPartition(options.topic(), 0);
    }

    /**
     * Connects, fences and aborts any transaction a previous run of this query left open, and
     * returns the number of the newest checkpoint whose output was committed (-1 for none). Call
     * before the job starts.
     *
     * @throws dev.weir.common.error.WeirException CONNECTOR_ERROR when the brokers cannot be
     *     reached in time or refuse
     */
    public long recover() {
        try {
            producer =
                    new KafkaProducer<>(
                            KafkaClients.producer(options, Optional.of(transactionalId)),
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
            producer.initTransactions();
            ledgerReader =
                    new KafkaConsumer<>(
                            KafkaClients.consumer(options, Optional.of(transactionalId)),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    ledgerReader.committed(
                            Set.of(ledger), Duration.ofMillis(options.timeoutMillis()));
            OffsetAndMetadata entry = committed.get(ledger);
            return entry == null ? -1 : entry.offset();
        } catch (TimeoutException e) {
            close();
            throw KafkaClients.unreachable(options, "write");
        } catch (KafkaException e) {
            close();
            throw KafkaClients.failed(options, "start writing", e);
        }
    }

    @Override
    public void accept(Change change) {
        byte[] value = encoder.encode(change.row()).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(options.topic(), value);
        if (prepared >= 0) {
            held.add(record); // not part of the prepared transaction
        } else {
            send(record);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            transactionStarted = clock.getAsLong();
        }
        producer.send(
                record,
                (metadata, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
        rowsWritten++;
    }

    private void checkSends() {
        Exception e = sendFailure.get();
        if (e != null) {
            throw KafkaClients.failed(options, "write", e);
        }
    }

    @Override
    public void endOfBatch() {
        if (commitFailure != null) {
            // Raised here, on the job's loop, the failure stops the job: its output cannot be
            // published, and a restart resumes from the checkpoint before the uncommitted one.
            throw commitFailure;
        }
        checkSends();
        if (!checkpointed
                && inTransaction
                && clock.getAsLong() - transactionStarted >= COMMIT_INTERVAL_MILLIS) {
            commit(Optional.empty());
        }
    }

    @Override
    public void prepareCheckpoint(long checkpointId) {
        if (!checkpointed) {
            return;
        }
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw KafkaClients.failed(options, "write", e);
        }
        checkSends();
        prepared = checkpointId;
    }

    @Override
    public void checkpointCompleted(long checkpointId) {
        if (!checkpointed || prepared != checkpointId) {
            return;
        }
        try {
            commit(Optional.of(checkpointId));
        } catch (RuntimeException e) {
            commitFailure = e;
            throw e;
        }
        prepared = -1;
        releaseHeld();
    }

    @Override
    public void checkpointAborted(long checkpointId) {
        if (prepared == checkpointId) {
            // The open transaction stays open: the next checkpoint commits it with its own rows.
            prepared = -1;
            releaseHeld();
        }
    }

    private void releaseHeld() {
        for (ProducerRecord<byte[], byte[]> record : held) {
            send(record);
        }
        held.clear();
    }

    /** Commits the open transaction (opening one for the ledger alone if needed). */
    private void commit(Optional<Long> checkpointId) {
        try {
            if (checkpointId.isPresent()) {
                if (!inTransaction) {
                    producer.beginTransaction();
                    inTransaction = true;
                }
                producer.sendOffsetsToTransaction(
                        Map.of(ledger, new OffsetAndMetadata(checkpointId.get())),
                        ledgerReader.groupMetadata());
            }
            if (inTransaction) {
                producer.commitTransaction();
                inTransaction = false;
            }
        } catch (KafkaException e) {
            throw KafkaClients.failed(options, "commit the rows written to", e);
        }
        checkSends();
    }

    /** Rows handed to the producer so far (committed or not). */
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void finish() {
        // Every input ended: nothing more will come, so publish what is left now. (A restart
        // after this replays the rows since the last checkpoint again: see the README.)
        if (prepared >= 0) {
            checkpointAborted(prepared);
        }
        if (inTransaction) {
            commit(Optional.empty());
        }
    }

    @Override
    public void fail(Throwable error) {
        failure = error;
    }

    /** Why the query failed, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        // Rows not yet committed belong to no durable checkpoint: abort them now rather than let
        // them hold back read_committed readers until the broker times the transaction out. (After
        // a crash, the next run's recover() aborts them.)
        if (producer != null && inTransaction) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                LOG.log(Level.FINE, "aborting a Kafka transaction", e);
            }
            inTransaction = false;
        }
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.log(Level.FINE, "closing a Kafka producer", e);
            }
            producer = null;
        }
        if (ledgerReader != null) {
            try {
                ledgerReader.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.log(Level.FINE, "closing a Kafka consumer", e);
            }
            ledgerReader = null;
        }
    }
}
