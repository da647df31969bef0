package dev.weir.engine;

import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.StateBackend;
import dev.weir.plan.JobGraph;

/**
 * Compiles the job of a persistent query (a materialized view's, an INSERT ... SELECT's) over
 * sources read from their beginning, so that a checkpoint can resume it exactly.
 */
interface PersistentJobFactory {
    Job compile(String id, JobGraph graph, StateBackend state, ResultSink sink);
}
