package dev.weir.executor.runtime;

import static java.util.Objects.requireNonNull;

import dev.weir.executor.connector.SourcePosition;

/**
 * Where one source of a job stood at a checkpoint: the reader's position and the watermark the
 * runner had generated, so a restored job neither re-reads nor regresses its watermark.
 *
 * @param source the source's name in the job (its stream)
 * @param maxEventTime the largest event time read so far, or {@link Long#MIN_VALUE}
 */
public record SourceCheckpoint(
        String source, SourcePosition position, long maxEventTime, long watermark) {
    public SourceCheckpoint {
        requireNonNull(source, "source is null");
        requireNonNull(position, "position is null");
    }
}
