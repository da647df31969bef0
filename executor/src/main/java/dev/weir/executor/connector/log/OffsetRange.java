package dev.weir.executor.connector.log;

/**
 * The offsets of appended records: {@code [first, end)}. Offsets count records from 0, across
 * segments, and are never reused.
 */
public record OffsetRange(long first, long end) {
    public long count() {
        return end - first;
    }
}
