package dev.weir.executor.runtime;

import dev.weir.plan.ExecNode;

/** Opens the reader of a plan's source node; the server knows where streams live. */
public interface SourceFactory {
    SourceFunction open(ExecNode.Source source);

    /** Whether the source's stream ends by itself (for a table realization over it). */
    boolean isBounded(ExecNode.Source source);
}
