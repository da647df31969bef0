package dev.weir.engine;

import dev.weir.executor.runtime.ResultSink;
import dev.weir.plan.JobGraph;
import java.util.Optional;

/**
 * Where a client's continuous query (EMIT STREAM) runs: the engine's own executor (the local
 * runner, the default) or one the server passes ({@code bin/weir server --runner flink}). The
 * engine plans the query and turns each change into a result row; a runner only runs the plan.
 */
public interface QueryRunner {
    /**
     * Starts {@code graph} as the job of query {@code queryId}, its changes into {@code sink} (then
     * {@link ResultSink#finish} or {@link ResultSink#fail}, from any thread). Empty when this
     * runner cannot run this plan: the engine then runs it on the local runner, as without this
     * runner.
     *
     * @throws dev.weir.common.error.WeirException when the plan could run here but the job could
     *     not be started (the cluster is unreachable, for one)
     */
    Optional<RunnerJob> start(String queryId, JobGraph graph, ResultSink sink);

    /**
     * Starts {@code graph} as the job of persistent query {@code queryId} (a materialized view's),
     * from the beginning of its sources, with the runner's own checkpoints: {@code sink} receives
     * only changes of the job's checkpointed history, each exactly once across the runner's
     * restarts of the job (then {@link ResultSink#finish} or {@link ResultSink#fail}, from any
     * thread). Empty when this runner cannot run this plan, or runs no persistent queries: the
     * engine then runs it on the local runner, with the engine's checkpoints.
     *
     * @throws dev.weir.common.error.WeirException when the plan could run here but the job could
     *     not be started
     */
    default Optional<RunnerJob> startPersistent(String queryId, JobGraph graph, ResultSink sink) {
        return Optional.empty();
    }
}
