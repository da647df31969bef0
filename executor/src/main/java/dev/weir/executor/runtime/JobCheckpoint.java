package dev.weir.executor.runtime;

import java.util.List;

/**
 * What a job needs besides its state to resume from a checkpoint: each source's position and
 * watermark, in the job's source order.
 */
public record JobCheckpoint(List<SourceCheckpoint> sources) {
    public JobCheckpoint {
        sources = List.copyOf(sources);
    }
}
