package dev.weir.executor.runtime;

/**
 * A source read from several partitions, each in its own order but interleaved with the others as
 * they arrive (a Kafka topic). The runner then keeps the largest event time per partition and takes
 * the minimum across partitions as the source's, so that a partition that lags, or has produced
 * nothing yet, holds the watermark back (DIALECT.md) instead of seeing its rows dropped as late
 * because another partition ran ahead.
 */
public interface PartitionedSource extends SourceFunction {
    /**
     * The partitions being read, as ids: empty until the source knows them (before its first poll),
     * then fixed.
     */
    int[] partitions();

    /** The partition id of the row at {@code index} in the list the last {@link #poll} returned. */
    int partitionOf(int index);

    /**
     * After how many milliseconds (of the job's clock) without a row a partition stops holding the
     * watermark back, until its next row; 0 for never (the default: the watermark then depends on
     * the events alone).
     */
    default long idleTimeoutMillis() {
        return 0;
    }
}
