package dev.weir.executor.runtime;

import static java.util.Objects.requireNonNull;

import dev.weir.executor.connector.SourcePosition;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one source of a job stood at a checkpoint: the reader's position and the watermark the
 * runner had generated, so a restored job neither re-reads nor regresses its watermark.
 *
 * @param source the source's name in the job (its stream)
 * @param maxEventTime the largest event time read so far (for a partitioned source: the minimum of
 *     the partitions' largest), or {@link Long#MIN_VALUE}
 * @param partitionMaxEventTimes for a {@link PartitionedSource}, each partition's largest event
 *     time; empty for other sources
 */
public record SourceCheckpoint(
        String source,
        SourcePosition position,
        long maxEventTime,
        long watermark,
        Map<Integer, Long> partitionMaxEventTimes) {
    public SourceCheckpoint {
        requireNonNull(source, "source is null");
        requireNonNull(position, "position is null");
        partitionMaxEventTimes =
                java.util.Collections.unmodifiableMap(new TreeMap<>(partitionMaxEventTimes));
    }

    /** A checkpoint of a source with one partition. */
    public SourceCheckpoint(
            String source, SourcePosition position, long maxEventTime, long watermark) {
        this(source, position, maxEventTime, watermark, Map.of());
    }
}
