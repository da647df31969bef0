package dev.weir.executor.connector.log;

import static java.util.Objects.requireNonNull;

import dev.weir.executor.io.DurableFiles;

/**
 * How a stream log writes.
 *
 * @param segmentBytes a segment is closed and a new one started once an append would take it past
 *     this size (an append larger than this gets a segment of its own)
 * @param fsync when appends are forced to disk
 * @param fsyncIntervalMillis the period of background fsyncs under {@link FsyncPolicy#INTERVAL}
 * @param files where segment files are opened: {@link DurableFiles#DISK}, or a failing disk in a
 *     test
 */
public record LogConfig(
        long segmentBytes, FsyncPolicy fsync, long fsyncIntervalMillis, DurableFiles files) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long DEFAULT_FSYNC_INTERVAL_MILLIS = 1000;

    public LogConfig {
        requireNonNull(fsync, "fsync is null");
        requireNonNull(files, "files is null");
        if (segmentBytes <= 0 || fsyncIntervalMillis <= 0) {
            throw new IllegalArgumentException("sizes and intervals must be positive");
        }
    }

    public LogConfig(long segmentBytes, FsyncPolicy fsync, long fsyncIntervalMillis) {
        this(segmentBytes, fsync, fsyncIntervalMillis, DurableFiles.DISK);
    }

    public static LogConfig defaults() {
        return of(FsyncPolicy.ALWAYS);
    }

    public static LogConfig of(FsyncPolicy fsync) {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, fsync, DEFAULT_FSYNC_INTERVAL_MILLIS);
    }

    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(bytes, fsync, fsyncIntervalMillis, files);
    }

    public LogConfig withFiles(DurableFiles other) {
        return new LogConfig(segmentBytes, fsync, fsyncIntervalMillis, other);
    }
}
