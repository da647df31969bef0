package dev.weir.engine;

import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.connector.log.LogConfig;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.SnapshotStore;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapSnapshotStore;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbSnapshotStore;
import dev.weir.parser.Positions;
import dev.weir.parser.WeirParser;
import dev.weir.plan.JobGraph;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlNode;

/**
 * Weir in one process: takes SQL, keeps the catalog, runs queries. Thread-safe; the server puts it
 * behind the network, tests use it directly.
 *
 * <p>The engine owns the lifecycle of the database's parts (opening and recovering them from the
 * data directory, scheduling checkpoints and the restart of failed persistent queries, closing) and
 * hands each parsed statement to the handler of its family ({@link StatementFamily}); the handlers
 * share the parts through an {@link EngineContext}, and jobs read their sources where a {@link
 * SourceResolver} says.
 */
public final class Engine implements AutoCloseable {
    private final Catalog catalog;
    private final StreamStorage storage;
    private final ContinuousQueryRegistry continuousQueries = new ContinuousQueryRegistry();
    private final LongSupplier clock;
    private final MaterializedViews views;
    private final InsertQueries inserts;
    private final Tables tables;
    private final SourceResolver sources;
    private final PlanCache planCache = new PlanCache(1_000);
    private final DdlHandler ddl;
    private final DmlHandler dml;
    private final QueryHandler query;
    private final CancelHandler cancel;
    private final ShowDescribeExplainHandler showDescribeExplain;
    private final java.util.concurrent.ScheduledExecutorService checkpointer;
    private final StatementDescriptions descriptions;
    private final Refusals refusals = new Refusals();
    private final QueryLimit queryLimit = new QueryLimit(refusals);
    private final MemoryBudget memory = new MemoryBudget();
    private final StatementRights rights = new StatementRights(refusals);

    /** How often each materialized view is checkpointed, unless configured. */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 5_000;

    /**
     * An engine on the heap over {@code storage}, reading connectors through {@code connectors} and
     * taking the time from {@code clock}.
     */
    public Engine(
            Catalog catalog, StreamStorage storage, Connectors connectors, LongSupplier clock) {
        this(
                catalog,
                storage,
                new InMemoryStreamStorage(),
                connectors,
                clock,
                Optional.empty(),
                Optional.empty(),
                0,
                DurableFiles.DISK,
                RocksDbDisk.REAL);
    }

    private Engine(
            Catalog catalog,
            StreamStorage storage,
            StreamStorage tableLogs,
            Connectors connectors,
            LongSupplier clock,
            Optional<java.nio.file.Path> stateDir,
            Optional<java.nio.file.Path> viewsDir,
            long checkpointIntervalMillis,
            DurableFiles files,
            RocksDbDisk stateDisk) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
        StreamConnectors streamConnectors = new StreamConnectors(connectors, catalog);
        this.tables =
                new Tables(
                        catalog,
                        tableLogs,
                        name ->
                                viewsDir.<SnapshotStore>map(
                                                v ->
                                                        RocksDbSnapshotStore.open(
                                                                v.resolveSibling(
                                                                                DataDirectory
                                                                                        .TABLE_ROWS)
                                                                        .resolve(name),
                                                                stateDisk))
                                        .orElseGet(HeapSnapshotStore::new));
        this.descriptions = new StatementDescriptions(catalog, planCache::generation);
        // Persistent jobs read their sources through this.sources, made below from the views: a
        // view may read another view (and sys.queries, which lists the views' queries).
        this.views =
                new MaterializedViews(
                        catalog,
                        viewsDir,
                        files,
                        stateDisk,
                        this::compilePersistent,
                        RowStore.DEFAULT_LOOKUP_CACHE);
        this.inserts =
                new InsertQueries(
                        catalog,
                        storage,
                        viewsDir.map(v -> v.resolveSibling(DataDirectory.QUERIES)),
                        files,
                        stateDisk,
                        this::compilePersistent,
                        streamConnectors);
        EngineContext context =
                new EngineContext(
                        catalog,
                        storage,
                        tables,
                        views,
                        inserts,
                        continuousQueries,
                        streamConnectors,
                        queryLimit,
                        memory);
        this.showDescribeExplain = new ShowDescribeExplainHandler(context);
        SystemTables systemTables = new SystemTables(showDescribeExplain::show);
        this.sources = new SourceResolver(storage, tables, views, systemTables, streamConnectors);
        this.query = new QueryHandler(context, sources, planCache, clock, stateDir, stateDisk);
        this.ddl = new DdlHandler(context);
        this.dml = new DmlHandler(context, query);
        this.cancel = new CancelHandler(context, rights);
        catalog.declareSystemTables(systemTables.declare());
        if (viewsDir.isPresent()) {
            checkpointer =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "weir-checkpointer");
                                t.setDaemon(true);
                                return t;
                            });
            if (checkpointIntervalMillis > 0) {
                checkpointer.scheduleWithFixedDelay(
                        this::checkpointQuietly,
                        checkpointIntervalMillis,
                        checkpointIntervalMillis,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            // Persistent queries whose job failed (a full disk, say) resume from their last
            // checkpoint, as a restart of the server would resume them.
            checkpointer.scheduleWithFixedDelay(
                    this::restartFailedQueries,
                    RestartBackoff.FIRST_MILLIS,
                    RestartBackoff.FIRST_MILLIS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            checkpointer = null;
        }
    }

    private Job compilePersistent(String id, JobGraph graph, StateBackend state, ResultSink sink) {
        return JobCompiler.compile(id, graph, sources.persistent(), state, sink, clock);
    }

    private void restartFailedQueries() {
        try {
            long now = System.currentTimeMillis();
            inserts.restartFailed(now);
            views.restartFailed(now);
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(Engine.class.getName())
                    .log(java.util.logging.Level.WARNING, "Restarting failed queries failed.", e);
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(Engine.class.getName())
                    .log(
                            java.util.logging.Level.WARNING,
                            "A checkpoint failed; the previous one stays in effect.",
                            e);
        }
    }

    /** An engine with everything on the heap: nothing survives it. */
    public static Engine inMemory() {
        return new Engine(
                Catalog.inMemory(),
                new InMemoryStreamStorage(),
                Connectors.builtIn().joiningLiveFeeds(),
                System::currentTimeMillis);
    }

    /**
     * An engine whose catalog, internal streams and materialized views live in {@code dataDir} and
     * survive a restart (continuous queries end with the process), checkpointing every {@link
     * #DEFAULT_CHECKPOINT_INTERVAL_MILLIS}.
     */
    public static Engine open(java.nio.file.Path dataDir, FsyncPolicy fsync) {
        return open(dataDir, fsync, DEFAULT_CHECKPOINT_INTERVAL_MILLIS);
    }

    /**
     * As {@link #open(java.nio.file.Path, FsyncPolicy)}: every materialized view is restored from
     * its newest checkpoint and replays its sources from there before this returns (the replay
     * itself goes on in the background).
     *
     * @param checkpointIntervalMillis how often materialized views are checkpointed; 0 for only at
     *     a clean shutdown
     */
    public static Engine open(
            java.nio.file.Path dataDir, FsyncPolicy fsync, long checkpointIntervalMillis) {
        return open(dataDir, fsync, checkpointIntervalMillis, DurableFiles.DISK);
    }

    /**
     * As {@link #open(java.nio.file.Path, FsyncPolicy, long)}, writing stream logs and checkpoints
     * through {@code files}: a test's failing disk. Files that a crash left behind with no catalog
     * entry are deleted first ({@link DataDirectory}).
     */
    public static Engine open(
            java.nio.file.Path dataDir,
            FsyncPolicy fsync,
            long checkpointIntervalMillis,
            DurableFiles files) {
        return open(dataDir, fsync, checkpointIntervalMillis, files, RocksDbDisk.REAL);
    }

    /**
     * As {@link #open(java.nio.file.Path, FsyncPolicy, long, DurableFiles)}, RocksDB writing the
     * state of queries, views and tables to {@code stateDisk}: a test's disk that fills.
     */
    public static Engine open(
            java.nio.file.Path dataDir,
            FsyncPolicy fsync,
            long checkpointIntervalMillis,
            DurableFiles files,
            RocksDbDisk stateDisk) {
        return open(dataDir, fsync, checkpointIntervalMillis, files, stateDisk, Optional.empty());
    }

    /**
     * As {@link #open(java.nio.file.Path, FsyncPolicy, long)}, materialized views running on {@code
     * viewRunner} where it can run them ({@link #runMaterializedViewsOn}), those of the catalog
     * included: each of them is started there again from the beginning of its sources, its rows
     * rebuilt from empty (the runner's checkpoints do not outlive the server's in-process cluster).
     */
    public static Engine open(
            java.nio.file.Path dataDir,
            FsyncPolicy fsync,
            long checkpointIntervalMillis,
            QueryRunner viewRunner) {
        return open(
                dataDir,
                fsync,
                checkpointIntervalMillis,
                DurableFiles.DISK,
                RocksDbDisk.REAL,
                Optional.of(viewRunner));
    }

    private static Engine open(
            java.nio.file.Path dataDir,
            FsyncPolicy fsync,
            long checkpointIntervalMillis,
            DurableFiles files,
            RocksDbDisk stateDisk,
            Optional<QueryRunner> viewRunner) {
        Engine engine =
                new Engine(
                        Catalog.open(dataDir.resolve(DataDirectory.CATALOG)),
                        new LogStreamStorage(
                                dataDir.resolve(DataDirectory.STREAMS),
                                LogConfig.of(fsync).withFiles(files)),
                        new LogStreamStorage(
                                dataDir.resolve(DataDirectory.TABLES),
                                LogConfig.of(fsync).withFiles(files)),
                        Connectors.builtIn().joiningLiveFeeds(),
                        System::currentTimeMillis,
                        Optional.of(dataDir.resolve(DataDirectory.STATE)),
                        Optional.of(dataDir.resolve(DataDirectory.VIEWS)),
                        checkpointIntervalMillis,
                        files,
                        stateDisk);
        try {
            DataDirectory.deleteLeftovers(dataDir, engine.catalog, engine.inserts.recordedIds());
            DataDirectory.openStreams(engine.catalog, engine.storage);
            viewRunner.ifPresent(engine.views::runOn);
            engine.tables.recoverAll();
            engine.views.recoverAll();
            engine.inserts.recoverAll();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * Checkpoints every materialized view and persistent query now; returns how many view
     * checkpoints were written.
     */
    public synchronized int checkpoint() {
        int written = views.checkpointAll();
        inserts.checkpointAll();
        return written;
    }

    /**
     * Waits until every materialized view's job has caught up with its sources: for tests and tools
     * that read a view right after writing its input.
     */
    public boolean awaitViewsCaughtUp(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        // Persistent INSERT queries first: views may read the streams they append to.
        for (InsertQueries.Running query : inserts.running()) {
            if (!query.job().awaitCaughtUp(Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        for (MaterializedViews.RunningView view : views.running()) {
            if (!view.awaitCaughtUp(Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        return true;
    }

    public Catalog catalog() {
        return catalog;
    }

    public ContinuousQueryRegistry continuousQueries() {
        return continuousQueries;
    }

    /**
     * How each persistent query recovered on this start and how its checkpoints go: for SHOW
     * QUERIES and metrics.
     */
    public List<DurabilityFigures> durability() {
        List<DurabilityFigures> figures = new ArrayList<>(inserts.figures());
        figures.addAll(views.figures());
        return figures;
    }

    /**
     * The persistent queries (materialized views' and INSERT ... SELECT's) by id, with their jobs:
     * for metrics. A view on another runner (Flink) has no job here: its figures are the runner's.
     */
    public java.util.Map<String, Job> persistentQueries() {
        java.util.Map<String, Job> jobs = new java.util.LinkedHashMap<>();
        for (MaterializedViews.RunningView view : views.running()) {
            view.localJob().ifPresent(job -> jobs.put(view.queryId(), job));
        }
        for (InsertQueries.Running query : inserts.running()) {
            jobs.put(query.id(), query.job());
        }
        return jobs;
    }

    /**
     * At most {@code max} queries (clients' continuous queries and persistent queries together) run
     * at once; a statement that would start one more is refused with TOO_MANY_QUERIES. Without
     * this, there is no limit.
     */
    public Engine limitQueries(int max) {
        queryLimit.set(max);
        return this;
    }

    /**
     * Runs clients' continuous queries (EMIT STREAM) on {@code runner} from now on (the Flink
     * runner, for one); a plan it cannot run, and every other job (snapshot queries, INSERT ...
     * SELECT; materialized views unless {@link #runMaterializedViewsOn}), runs on the local runner.
     * SHOW QUERIES says where each runs.
     */
    public Engine runContinuousQueriesOn(QueryRunner runner) {
        query.runContinuousQueriesOn(runner);
        return this;
    }

    /**
     * Runs the materialized views created from now on on {@code runner} (the Flink runner) when it
     * can run their plan ({@link QueryRunner#startPersistent}): the view's job and its checkpoints
     * are the runner's, its rows (read, looked up and subscribed to as any view's) the engine's,
     * rebuilt from the beginning of its sources on every start. The others run on the local runner.
     * To recover the views of a data directory on it too, pass it to {@link
     * #open(java.nio.file.Path, FsyncPolicy, long, QueryRunner)}.
     */
    public Engine runMaterializedViewsOn(QueryRunner runner) {
        views.runOn(runner);
        return this;
    }

    /**
     * A snapshot query's ORDER BY without LIMIT sorts at most {@code rows} rows in memory at a
     * time; beyond that it writes sorted runs to disk (under the data directory's {@code state/},
     * or the system's temporary directory) and merges them.
     */
    public Engine spillSortsAfter(int rows) {
        query.spillSortsAfter(rows);
        return this;
    }

    /**
     * A heap budget of {@code bytes}: a query does not start while the heap in use after the last
     * garbage collection is over it, and a snapshot query's answer may hold a quarter of it (its
     * ORDER BY spills sorted runs at half that); a statement refused for it fails with
     * OUT_OF_MEMORY (SQLSTATE 53200). Without this, there is no budget.
     */
    public Engine limitMemory(long bytes) {
        memory.set(bytes);
        return this;
    }

    /** As {@link #limitMemory(long)}, reading the heap in use from {@code heapInUse}: for tests. */
    Engine limitMemory(long bytes, java.util.function.LongSupplier heapInUse) {
        memory.measureWith(heapInUse);
        return limitMemory(bytes);
    }

    /** The query limit; {@link Integer#MAX_VALUE} when there is none. */
    public int queryLimit() {
        return queryLimit.max();
    }

    /** How many statements were refused, and why, since the engine started. */
    public Refusals refusals() {
        return refusals;
    }

    /** Runs one statement, with every right. */
    public StatementResult execute(String sql) {
        return execute(sql, Caller.EMBEDDED);
    }

    /**
     * Runs one statement for {@code caller}: refused with INSUFFICIENT_PRIVILEGE if their role does
     * not allow it.
     */
    public StatementResult execute(String sql, Caller caller) {
        PlannedQuery cached = planCache.get(sql);
        if (cached != null) {
            // A snapshot query seen before, against the same catalog: skip parsing and planning
            // (a dashboard refreshing the same statements). Only snapshot queries are cached, and
            // every role may run them.
            try {
                return query.run(cached, sql, caller, Optional.empty());
            } catch (WeirException e) {
                throw e;
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                throw uncoded(e);
            }
        }
        SqlNode node;
        try {
            node = WeirParser.parseStatement(sql);
        } catch (WeirException e) {
            throw e;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw uncoded(e);
        }
        return execute(node, sql, caller);
    }

    /**
     * An exception no part of Weir turned into a coded error: a bug, but the client still gets a
     * code (INTERNAL_ERROR) and the cause is logged for the report.
     */
    private static WeirException uncoded(Throwable e) {
        java.util.logging.Logger.getLogger(Engine.class.getName())
                .log(
                        java.util.logging.Level.SEVERE,
                        "A statement failed with an uncoded error.",
                        e);
        return Errors.internal(e.getClass().getName() + ": " + e.getMessage(), e);
    }

    /**
     * The result columns {@code sql} would give, without running it: for a client's prepare. Empty
     * for statements without a result set.
     */
    public List<ResultColumn> describeResult(String sql) {
        try {
            SqlNode node = WeirParser.parseStatement(sql);
            if (StatementFamily.of(node) != StatementFamily.QUERY) {
                return List.of();
            }
            return query.resultColumns(node);
        } catch (WeirException e) {
            throw e;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw uncoded(e);
        }
    }

    /**
     * What a client's prepare learns of {@code sql} without running it: its result columns (none
     * for a statement without a result set), the types of its {@code ?} parameters, and which table
     * column each result column reads, if one does. By validation alone.
     */
    public Description describe(String sql) {
        StatementDescriptions.Described d = descriptions.describe(sql);
        return new Description(d.columns(), d.parameters(), d.origins());
    }

    /** See {@link #describe(String)}. */
    public record Description(
            List<ResultColumn> columns,
            List<ResultColumn> parameters,
            List<Optional<dev.weir.planner.prepare.StatementDescription.ColumnOrigin>> origins) {}

    /**
     * Runs one statement with values for its {@code ?} parameters: each becomes a literal of its
     * parameter's type where its marker stands (see {@link dev.weir.planner.prepare.Parameters}).
     */
    public StatementResult execute(String sql, List<Object> parameters) {
        return execute(sql, parameters, Caller.EMBEDDED);
    }

    /** See {@link #execute(String, List)} and {@link #execute(String, Caller)}. */
    public StatementResult execute(String sql, List<Object> parameters, Caller caller) {
        if (parameters.isEmpty()) {
            return execute(sql, caller);
        }
        SqlNode bound =
                dev.weir.planner.prepare.Parameters.bind(
                        WeirParser.parseStatement(sql),
                        descriptions.describe(sql).parameterTypes(),
                        parameters);
        return execute(bound, WeirParser.unparse(bound), caller);
    }

    /** Runs a script's statements in order, stopping at the first error. */
    public List<StatementResult> executeScript(String script) {
        List<StatementResult> results = new ArrayList<>();
        for (var statement : WeirParser.parseScript(script)) {
            results.add(execute(statement.node(), statement.sql(), Caller.EMBEDDED));
        }
        return results;
    }

    private StatementResult execute(SqlNode node, String sql, Caller caller) {
        dev.weir.planner.prepare.Parameters.requireNone(node);
        try {
            return route(node, sql, caller);
        } catch (WeirException e) {
            throw e;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw uncoded(e);
        }
    }

    /**
     * Hands a statement to its family's handler, if the caller's role allows it ({@link
     * StatementRights}: the one place rights are checked). Statements that may change the catalog
     * clear the plan cache first ({@link StatementFamily#clearsPlanCache}).
     */
    private StatementResult route(SqlNode node, String sql, Caller caller) {
        StatementFamily family = StatementFamily.of(node);
        rights.require(caller, node, family);
        if (family.clearsPlanCache()) {
            planCache.clear(); // the catalog may change: plans made before may be wrong now
        }
        return switch (family) {
            case DDL -> ddl.execute(node, sql);
            case DML -> dml.execute(node, sql);
            // A continuous query belongs to its caller, whose rights a CANCEL QUERY checks.
            case QUERY -> query.execute(node, sql, caller);
            case CANCEL -> cancel.execute(node, caller);
            case SHOW_DESCRIBE_EXPLAIN -> showDescribeExplain.execute(node, sql);
            case UNSUPPORTED ->
                    throw Errors.notSupported(
                            Optional.of(Positions.of(node.getParserPosition())),
                            "This statement (" + node.getKind() + ") is not supported.");
        };
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.shutdownNow();
            try {
                checkpointer.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        continuousQueries.cancelAll();
        inserts.close();
        views.close();
        tables.close();
        storage.close();
    }
}
