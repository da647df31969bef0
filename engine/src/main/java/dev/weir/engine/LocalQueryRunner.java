package dev.weir.engine;

import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.state.StateBackend;
import dev.weir.plan.JobGraph;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The local runner: the query's job on the engine's own executor, in this process, reading any
 * source the engine has (internal streams, tables, materialized views, connectors). It runs every
 * plan.
 */
final class LocalQueryRunner implements QueryRunner {
    private final SourceFactory sources;
    private final Function<String, StateBackend> state;
    private final LongSupplier clock;

    /**
     * @param sources where the job reads its sources
     * @param state a query's state backend, by its id
     */
    LocalQueryRunner(
            SourceFactory sources, Function<String, StateBackend> state, LongSupplier clock) {
        this.sources = sources;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public Optional<RunnerJob> start(String queryId, JobGraph graph, ResultSink sink) {
        Job job = JobCompiler.compile(queryId, graph, sources, state.apply(queryId), sink, clock);
        job.start();
        return Optional.of(RunnerJob.local(job));
    }
}
