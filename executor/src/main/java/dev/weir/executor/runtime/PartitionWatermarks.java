package dev.weir.executor.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The largest event time seen in each partition of a source, and their minimum: what the source's
 * watermark is generated from. A partition with no row yet counts as {@link Long#MIN_VALUE}, so it
 * holds the minimum back. With an idle timeout, a partition that has had no row for that long is
 * left out of the minimum until its next row; when every partition is idle, none holds anything
 * back, and the largest event time seen anywhere counts (otherwise partitions falling silent at the
 * same moment would stop the watermark for good).
 */
final class PartitionWatermarks {
    private static final int[] NONE = new int[0];

    private final long idleTimeoutMillis;
    private int[] ids = NONE;
    // Indexed by partition id (Kafka's are 0..n-1); -1 marks an id that is not read.
    private int[] slotOf = NONE;
    private long[] maxTime = new long[0];
    private long[] lastRowAt = new long[0];
    private final Map<Integer, Long> restored = new TreeMap<>();

    PartitionWatermarks(long idleTimeoutMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Whether the partitions are known yet. */
    boolean hasPartitions() {
        return ids.length > 0;
    }

    /** Learns the partitions (once); those restored from a checkpoint keep their maxima. */
    void setPartitions(int[] partitions, long now) {
        ids = partitions.clone();
        int maxId = Arrays.stream(ids).max().orElse(-1);
        slotOf = new int[maxId + 1];
        Arrays.fill(slotOf, -1);
        maxTime = new long[ids.length];
        lastRowAt = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            slotOf[ids[i]] = i;
            maxTime[i] = restored.getOrDefault(ids[i], Long.MIN_VALUE);
            lastRowAt[i] = now;
        }
    }

    /** Records a row of {@code partition} at {@code time}; whether its partition's maximum grew. */
    boolean observe(int partition, long time, long now) {
        int slot = partition < slotOf.length ? slotOf[partition] : -1;
        if (slot < 0) {
            throw new IllegalStateException(
                    "a row of partition " + partition + ", which the source did not announce");
        }
        lastRowAt[slot] = now;
        if (time > maxTime[slot]) {
            maxTime[slot] = time;
            return true;
        }
        return false;
    }

    /** Marks a row without an event time as activity of its partition. */
    void touch(int partition, long now) {
        int slot = partition < slotOf.length ? slotOf[partition] : -1;
        if (slot >= 0) {
            lastRowAt[slot] = now;
        }
    }

    /**
     * The minimum over partitions of the largest event time seen, leaving out idle ones (the
     * maximum when all are idle); {@link Long#MIN_VALUE} while some partition that counts has
     * produced nothing.
     */
    long minimum(long now) {
        if (ids.length == 0) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (int i = 0; i < ids.length; i++) {
            max = Math.max(max, maxTime[i]);
            if (idleTimeoutMillis > 0 && now - lastRowAt[i] >= idleTimeoutMillis) {
                continue;
            }
            any = true;
            min = Math.min(min, maxTime[i]);
        }
        return any ? min : max;
    }

    /** Each partition's largest event time, for a checkpoint. */
    Map<Integer, Long> snapshot() {
        Map<Integer, Long> maxima = new TreeMap<>(restored);
        for (int i = 0; i < ids.length; i++) {
            maxima.put(ids[i], maxTime[i]);
        }
        return maxima;
    }

    /** Restores the maxima of a checkpoint, before the partitions are known. */
    void restore(Map<Integer, Long> maxima) {
        restored.clear();
        restored.putAll(maxima);
    }
}
