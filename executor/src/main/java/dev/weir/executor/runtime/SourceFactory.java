package dev.weir.executor.runtime;

import dev.weir.executor.operator.join.LookupTable;
import dev.weir.plan.ExecNode;

/** Opens the reader of a plan's source node; the server knows where streams live. */
public interface SourceFactory {
    SourceFunction open(ExecNode.Source source);

    /** Whether the source's stream ends by itself (for a table realization over it). */
    boolean isBounded(ExecNode.Source source);

    /**
     * The table a lookup join reads by key, as it is when each row is looked up.
     *
     * @throws IllegalStateException if this factory knows no tables to look up (a runner or a test
     *     without them; the planner refuses lookup joins where they cannot run)
     */
    default LookupTable lookupTable(String table) {
        throw new IllegalStateException("no table '" + table + "' to look up here");
    }
}
