package dev.weir.executor.connector.kafka;

/** Where a Kafka source starts reading when it has no checkpoint to resume from. */
public enum StartupMode {
    /** Every partition from its first retained record. */
    EARLIEST,
    /** Every partition from its end when the query starts: only records written from then on. */
    LATEST,
    /**
     * From the consumer group's committed offsets ({@code properties.group.id}); a partition
     * without one from its first retained record.
     */
    COMMITTED
}
