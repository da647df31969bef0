package dev.weir.executor.runtime;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Watermarks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads one source and feeds its rows to the operators that consume it, generating the watermark
 * from the rows themselves (largest event time seen minus the declared delay), advanced after each
 * row: the same input in the same order always gives the same result. For a {@link
 * PartitionedSource} the largest event time is kept per partition and the watermark follows their
 * minimum, so it depends on each partition's own order, not on how the partitions interleave.
 */
final class SourceRunner {
    private final String name;
    private final SourceFunction source;
    private final int timeField;
    private final long delay;
    private final List<OperatorNode.Edge> downstream = new ArrayList<>();
    private final OperatorMetrics metrics;
    private final LongSupplier clock;
    private final PartitionedSource partitioned;
    private final PartitionWatermarks partitionMaxima;
    private long maxTime = Long.MIN_VALUE;
    private long watermark = Watermarks.NONE;
    private boolean ended;

    SourceRunner(
            String name, SourceFunction source, int timeField, long delay, LongSupplier clock) {
        this.name = name;
        this.source = source;
        this.timeField = timeField;
        this.delay = delay;
        this.clock = clock;
        this.metrics = new OperatorMetrics(name);
        this.partitioned = source instanceof PartitionedSource p ? p : null;
        this.partitionMaxima =
                partitioned == null
                        ? null
                        : new PartitionWatermarks(partitioned.idleTimeoutMillis());
    }

    void connectTo(OperatorNode node, int input) {
        downstream.add(new OperatorNode.Edge(node, input));
    }

    OperatorMetrics metrics() {
        return metrics;
    }

    boolean isEnded() {
        return ended;
    }

    /** Reads and forwards up to {@code max} rows; returns how many. */
    int pump(int max) {
        if (ended) {
            return 0;
        }
        int read;
        if (source.producesChanges()) {
            List<Change> changes = source.pollChanges(max);
            for (Change change : changes) {
                forward(change);
            }
            read = changes.size();
        } else if (partitioned != null) {
            read = pumpPartitioned(max);
        } else {
            List<Row> rows = source.poll(max);
            for (Row row : rows) {
                forward(Change.insert(row));
            }
            read = rows.size();
        }
        metrics.malformedRecords(source.malformedCount());
        if (read == 0 && source.isEnded()) {
            ended = true;
            if (source.endIsFinal()) {
                advanceWatermark(Watermarks.END);
            }
        }
        return read;
    }

    /**
     * Reads and forwards again exactly what one past poll read: the rows up to {@code end}, a
     * position the source reported after it (see {@link SourceReader#pollUntil}); returns how many.
     */
    int pumpUntil(SourcePosition end) {
        SourceReader reader = (SourceReader) source;
        List<Row> rows = reader.pollUntil(end);
        if (partitioned != null) {
            forwardPartitioned(rows);
        } else {
            for (Row row : rows) {
                forward(Change.insert(row));
            }
        }
        metrics.malformedRecords(source.malformedCount());
        return rows.size();
    }

    /** Whether the source can read a past poll again, so its job can replay its rounds. */
    boolean replaysPolls() {
        return source instanceof SourceReader reader && reader.replaysPolls();
    }

    boolean isPartitioned() {
        return partitioned != null;
    }

    /** Where the source stands now; for a source that {@link #replaysPolls()}. */
    SourcePosition position() {
        return ((SourceReader) source).position();
    }

    private int pumpPartitioned(int max) {
        List<Row> rows = partitioned.poll(max);
        forwardPartitioned(rows);
        return rows.size();
    }

    private void forwardPartitioned(List<Row> rows) {
        long now = clock.getAsLong();
        if (!partitionMaxima.hasPartitions() && partitioned.partitions().length > 0) {
            partitionMaxima.setPartitions(partitioned.partitions(), now);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int partition = partitioned.partitionOf(i);
            emit(Change.insert(row));
            if (timeField >= 0 && row.get(timeField) instanceof Long time) {
                if (partitionMaxima.observe(partition, time, now)) {
                    advanceFromPartitions(now);
                }
            } else {
                partitionMaxima.touch(partition, now);
            }
        }
        if (rows.isEmpty() && partitioned.idleTimeoutMillis() > 0 && timeField >= 0) {
            advanceFromPartitions(now); // a partition may have just become idle
        }
    }

    private void advanceFromPartitions(long now) {
        long min = partitionMaxima.minimum(now);
        if (min == Long.MIN_VALUE) {
            return;
        }
        // Idle partitions left out may make the minimum step back; the watermark never does.
        maxTime = Math.max(maxTime, min);
        long next = maxTime - delay;
        if (next > watermark) {
            advanceWatermark(next);
        }
    }

    private void emit(Change change) {
        metrics.rowIn();
        metrics.rowOut();
        for (OperatorNode.Edge edge : downstream) {
            edge.node().receive(edge.input(), change);
        }
    }

    private void forward(Change change) {
        emit(change);
        if (timeField >= 0
                && change.kind().isAccumulate()
                && change.row().get(timeField) instanceof Long time
                && time > maxTime) {
            maxTime = time;
            long next = maxTime - delay;
            if (next > watermark) {
                advanceWatermark(next);
            }
        }
    }

    /** Whether the source can say where it is, so that a checkpoint can resume it exactly. */
    boolean isReplayable() {
        return source instanceof SourceReader;
    }

    /** Where this source stands; called on the job's thread between batches. */
    SourceCheckpoint checkpoint() {
        if (!(source instanceof SourceReader reader)) {
            throw new IllegalStateException(
                    "The source '"
                            + name
                            + "' cannot report its position, so it cannot be"
                            + " checkpointed.");
        }
        return new SourceCheckpoint(
                name,
                reader.position(),
                maxTime,
                watermark,
                partitionMaxima == null ? java.util.Map.of() : partitionMaxima.snapshot());
    }

    /** Tells the source that a checkpoint holding {@code position} is durable. */
    void checkpointCompleted(SourceCheckpoint checkpoint) {
        if (source instanceof SourceReader reader) {
            reader.checkpointCompleted(checkpoint.position());
        }
    }

    /** Resumes from a checkpoint: before the job starts. */
    void restore(SourceCheckpoint checkpoint) {
        if (!(source instanceof SourceReader reader)) {
            throw new IllegalStateException("The source '" + name + "' cannot be restored.");
        }
        reader.open(checkpoint.position());
        maxTime = checkpoint.maxEventTime();
        watermark = checkpoint.watermark();
        if (partitionMaxima != null) {
            partitionMaxima.restore(checkpoint.partitionMaxEventTimes());
        }
        if (watermark != Watermarks.NONE) {
            metrics.watermark(watermark);
        }
    }

    /** Tells the operators the restored watermark again: their inputs start at none. */
    void resendWatermark() {
        if (watermark != Watermarks.NONE) {
            for (OperatorNode.Edge edge : downstream) {
                edge.node().receiveWatermark(edge.input(), watermark);
            }
        }
    }

    private void advanceWatermark(long next) {
        watermark = next;
        metrics.watermark(next);
        for (OperatorNode.Edge edge : downstream) {
            edge.node().receiveWatermark(edge.input(), next);
        }
    }

    /** Passes on how to wake the job when the source has new data (see {@link SourceFunction}). */
    void onAvailable(Runnable wake) {
        source.onAvailable(wake);
    }

    void close() {
        source.close();
    }

    String name() {
        return name;
    }

    long malformedCount() {
        return source.malformedCount();
    }
}
