package dev.weir.server.flink;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.QueryRunner;
import dev.weir.engine.RunnerJob;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.flink.FlinkQuery;
import dev.weir.flink.FlinkRunner;
import dev.weir.flink.JobSettings;
import dev.weir.flink.source.FlinkSources;
import dev.weir.plan.JobGraph;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code weir server --runner flink}: clients' continuous queries and materialized views run on
 * Apache Flink, on an in-process MiniCluster or a remote cluster ({@code docs/flink.md}). A plan
 * Flink cannot run (an internal stream, the Nexmark generator, a tailed file, EMIT AFTER DELAY...)
 * is left to the local runner, which SHOW QUERIES shows and {@code weir.log} explains.
 */
public final class FlinkQueryRunner implements QueryRunner, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FlinkQueryRunner.class.getName());

    /**
     * Flink logs every job's and task's every step at INFO; weir.log keeps its warnings. Held here:
     * java.util.logging keeps only weak references to its loggers, and their levels with them.
     */
    private static final List<Logger> QUIETED =
            List.of(Logger.getLogger("org.apache.flink"), Logger.getLogger("org.apache.pekko"));

    static {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    /** Queries that may run at once on the in-process MiniCluster, each at full parallelism. */
    static final int LOCAL_QUERY_SLOTS = 8;

    /**
     * How often a materialized view's job checkpoints: its changes reach the view as each
     * checkpoint completes, so this is how far the view lags behind its job.
     */
    public static final long VIEW_CHECKPOINT_INTERVAL_MILLIS = 1_000;

    private final FlinkRunner flink;
    private final JobSettings settings;
    private final JobSettings viewSettings;
    private final FlinkSources sources;
    private final String where;

    private FlinkQueryRunner(
            FlinkRunner flink,
            int parallelism,
            long viewCheckpointMillis,
            FlinkSources sources,
            String where) {
        this.flink = flink;
        this.sources = sources;
        // As the local runner runs a client's query: no checkpoints (rows reach the client as
        // they are produced), a failure ends the query. State on the heap: the server's class
        // path holds the engine's RocksDB (rocksdbjni), which cannot sit beside Flink's
        // (frocksdbjni, the same org.rocksdb package).
        this.settings = JobSettings.of(parallelism).withoutCheckpoints();
        // A materialized view's job checkpoints, exactly once, and restarts from its last
        // checkpoint after a failure (three times, then the view fails and the engine submits it
        // again from its sources' beginning): Flink's collect sink hands out only the changes of
        // the checkpointed history, so the view receives each once.
        this.viewSettings =
                JobSettings.of(parallelism).withCheckpointInterval(viewCheckpointMillis);
        this.where = where;
    }

    /**
     * A Flink MiniCluster in this process, each query at {@code parallelism}, room for {@link
     * #LOCAL_QUERY_SLOTS} queries at once.
     */
    public static FlinkQueryRunner local(int parallelism) throws Exception {
        return local(parallelism, VIEW_CHECKPOINT_INTERVAL_MILLIS, FlinkSources.connectors());
    }

    /**
     * As {@link #local(int)}, materialized views checkpointing every {@code viewCheckpointMillis},
     * jobs reading their sources through {@code sources} (a test's, that injects a failure).
     */
    public static FlinkQueryRunner local(
            int parallelism, long viewCheckpointMillis, FlinkSources sources) throws Exception {
        return new FlinkQueryRunner(
                FlinkRunner.local(parallelism * LOCAL_QUERY_SLOTS),
                parallelism,
                viewCheckpointMillis,
                sources,
                "an in-process Flink MiniCluster (parallelism " + parallelism + ")");
    }

    /**
     * The Flink cluster whose JobManager's REST API is at {@code host:port}; each query ships
     * {@code jars} (Weir's runner and what it needs) to it.
     */
    public static FlinkQueryRunner remote(
            String host, int port, int parallelism, List<String> jars) {
        return new FlinkQueryRunner(
                FlinkRunner.remote(host, port, jars),
                parallelism,
                VIEW_CHECKPOINT_INTERVAL_MILLIS,
                FlinkSources.connectors(),
                "the Flink cluster at " + host + ":" + port + " (parallelism " + parallelism + ")");
    }

    /** Where queries run, for the server's banner. */
    public String where() {
        return where;
    }

    /** The REST API of the cluster the queries run on ({@code host:port}): their jobs' state. */
    public String restAddress() {
        return flink.restAddress();
    }

    @Override
    public Optional<RunnerJob> start(String queryId, JobGraph graph, ResultSink sink) {
        return submit(queryId, graph, sink, settings);
    }

    /**
     * A materialized view's job: with checkpoints, so that the view receives only the changes of
     * the job's checkpointed history, each once across Flink's restarts of it.
     */
    @Override
    public Optional<RunnerJob> startPersistent(String queryId, JobGraph graph, ResultSink sink) {
        return submit(queryId, graph, sink, viewSettings);
    }

    private Optional<RunnerJob> submit(
            String queryId, JobGraph graph, ResultSink sink, JobSettings jobSettings) {
        FlinkQuery query;
        try {
            query = flink.submit(queryId, graph, sources, jobSettings);
        } catch (WeirException e) {
            if (e.code() != ErrorCode.NOT_SUPPORTED) {
                throw e;
            }
            LOG.info(
                    "Query "
                            + queryId
                            + " runs on the local runner, not on Flink: "
                            + e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "Cannot start the query on "
                            + where
                            + ": "
                            + e.getMessage()
                            + ". Check that the cluster is up and has free task slots.",
                    e);
        }
        FlinkJob job = new FlinkJob(query, sink);
        job.startReading("weir-flink-" + queryId);
        return Optional.of(job);
    }

    @Override
    public void close() throws Exception {
        flink.close();
    }
}
