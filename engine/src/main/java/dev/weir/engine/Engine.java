package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.connector.log.LogConfig;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.parser.Positions;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCancelQuery;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlDescribeObject;
import dev.weir.parser.ddl.SqlDropObject;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.parser.ddl.SqlExplainQuery;
import dev.weir.parser.ddl.SqlShow;
import dev.weir.plan.ExecNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.PointLookup;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * Weir in one process: takes SQL, keeps the catalog, runs queries. Thread-safe; the server puts it
 * behind the network, tests use it directly.
 */
public final class Engine implements AutoCloseable {
    private static final int RESULT_QUEUE_CAPACITY = 10_000;

    private final Catalog catalog;
    private final StreamStorage storage;
    private final Connectors connectors;
    private final QueryRegistry queries = new QueryRegistry();
    private final AtomicLong nextQueryId = new AtomicLong(1);
    private final LongSupplier clock;
    private final Optional<java.nio.file.Path> stateDir;
    private final MaterializedViews views;
    private final InsertQueries inserts;
    private final Tables tables;
    private final SystemTables systemTables;
    private final java.util.concurrent.ScheduledExecutorService checkpointer;
    private final PlanCache planCache = new PlanCache(1_000);
    private final StatementDescriptions descriptions;

    /** How often each materialized view is checkpointed, unless configured. */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 5_000;

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
                DurableFiles.DISK);
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
            DurableFiles files) {
        this.stateDir = stateDir;
        this.catalog = catalog;
        this.storage = storage;
        this.connectors = connectors;
        this.clock = clock;
        this.tables = new Tables(catalog, tableLogs);
        this.descriptions = new StatementDescriptions(catalog, planCache::generation);
        MaterializedViews.JobFactory jobs =
                (id, graph, state, sink) ->
                        JobCompiler.compile(
                                id, graph, sources(Reading.PERSISTENT, true), state, sink, clock);
        this.views = new MaterializedViews(catalog, viewsDir, files, jobs);
        this.inserts =
                new InsertQueries(
                        catalog,
                        storage,
                        viewsDir.map(v -> v.resolveSibling(DataDirectory.QUERIES)),
                        files,
                        jobs,
                        connectors);
        this.systemTables =
                new SystemTables(show -> Catalogs.show(show, catalog, queries, views, inserts));
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
                Connectors.builtIn(),
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
        Engine engine =
                new Engine(
                        Catalog.open(dataDir.resolve(DataDirectory.CATALOG)),
                        new LogStreamStorage(
                                dataDir.resolve(DataDirectory.STREAMS),
                                LogConfig.of(fsync).withFiles(files)),
                        new LogStreamStorage(
                                dataDir.resolve(DataDirectory.TABLES),
                                LogConfig.of(fsync).withFiles(files)),
                        Connectors.builtIn(),
                        System::currentTimeMillis,
                        Optional.of(dataDir.resolve(DataDirectory.STATE)),
                        Optional.of(dataDir.resolve(DataDirectory.VIEWS)),
                        checkpointIntervalMillis,
                        files);
        try {
            DataDirectory.deleteLeftovers(dataDir, engine.catalog, engine.inserts.recordedIds());
            DataDirectory.openStreams(engine.catalog, engine.storage);
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
            if (!view.job.awaitCaughtUp(Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        return true;
    }

    public Catalog catalog() {
        return catalog;
    }

    public QueryRegistry queries() {
        return queries;
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
     * for metrics.
     */
    public java.util.Map<String, Job> persistentQueries() {
        java.util.Map<String, Job> jobs = new java.util.LinkedHashMap<>();
        for (MaterializedViews.RunningView view : views.running()) {
            jobs.put(view.queryId(), view.job);
        }
        for (InsertQueries.Running query : inserts.running()) {
            jobs.put(query.id(), query.job());
        }
        return jobs;
    }

    /** Runs one statement. */
    public StatementResult execute(String sql) {
        PlannedQuery cached = planCache.get(sql);
        if (cached != null) {
            // A snapshot query seen before, against the same catalog: skip parsing and planning
            // (a dashboard refreshing the same statements).
            try {
                return run(cached, sql);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                throw Errors.internal(e.getMessage(), e);
            }
        }
        SqlNode node = WeirParser.parseStatement(sql);
        return execute(node, sql);
    }

    /**
     * The result columns {@code sql} would give, without running it: for a client's prepare. Empty
     * for statements without a result set.
     */
    public List<ResultColumn> describeResult(String sql) {
        SqlNode node = WeirParser.parseStatement(sql);
        if (!(node instanceof SqlEmitQuery) && !node.getKind().belongsTo(SqlKind.QUERY)) {
            return List.of();
        }
        PlannedQuery planned = new Planner(catalog).planQuery(node);
        List<ResultColumn> columns = new ArrayList<>();
        for (ColumnDef c : planned.columns()) {
            columns.add(Catalogs.resultColumn(c));
        }
        if (planned.emit().stream()) {
            columns.addAll(STREAM_COLUMNS);
        }
        return columns;
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
        if (parameters.isEmpty()) {
            return execute(sql);
        }
        SqlNode bound =
                dev.weir.planner.prepare.Parameters.bind(
                        WeirParser.parseStatement(sql),
                        descriptions.describe(sql).parameterTypes(),
                        parameters);
        return execute(bound, WeirParser.unparse(bound));
    }

    /** The columns a stream realization adds to every row (DIALECT.md). */
    static final List<ResultColumn> STREAM_COLUMNS =
            List.of(
                    new ResultColumn("undo", "BOOLEAN", ValueType.BOOLEAN, false, -1, -1),
                    new ResultColumn("ptime", "TIMESTAMP(3)", ValueType.TIMESTAMP, false, 3, -1),
                    new ResultColumn("ver", "BIGINT", ValueType.BIGINT, false, -1, -1));

    /** Runs a script's statements in order, stopping at the first error. */
    public List<StatementResult> executeScript(String script) {
        List<StatementResult> results = new ArrayList<>();
        for (var statement : WeirParser.parseScript(script)) {
            results.add(execute(statement.node(), statement.sql()));
        }
        return results;
    }

    private StatementResult execute(SqlNode node, String sql) {
        dev.weir.planner.prepare.Parameters.requireNone(node);
        try {
            return dispatch(node, sql);
        } catch (WeirException e) {
            throw e;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw Errors.internal(e.getMessage(), e);
        }
    }

    private StatementResult dispatch(SqlNode node, String sql) {
        if (!(node instanceof SqlEmitQuery)
                && !node.getKind().belongsTo(SqlKind.QUERY)
                && !(node instanceof SqlShow)
                && !(node instanceof SqlDescribeObject)
                && !(node instanceof SqlExplainQuery)
                && !(node instanceof SqlInsert)
                && !(node instanceof SqlDelete)
                && !(node instanceof SqlUpdate)) {
            planCache.clear(); // the catalog may change: plans made before may be wrong now
        }
        if (node instanceof SqlCreateStream create) {
            return createStream(create);
        }
        if (node instanceof SqlCreateTable create) {
            return createTable(create);
        }
        if (node instanceof SqlCreateView create) {
            return createView(create);
        }
        if (node instanceof SqlCreateMaterializedView create) {
            return createMaterializedView(create);
        }
        if (node instanceof SqlDropObject drop) {
            return drop(drop);
        }
        if (node instanceof SqlShow show) {
            return Catalogs.show(show, catalog, queries, views, inserts);
        }
        if (node instanceof SqlDescribeObject describe) {
            return Catalogs.describe(describe, catalog);
        }
        if (node instanceof SqlCancelQuery cancel) {
            return cancel(cancel);
        }
        if (node instanceof SqlExplainQuery explain) {
            return explain(explain);
        }
        if (node instanceof SqlInsert insert) {
            return insert(insert, sql);
        }
        if (node instanceof SqlDelete delete) {
            return delete(delete);
        }
        if (node instanceof SqlUpdate update) {
            return update(update);
        }
        if (node instanceof SqlEmitQuery || node.getKind().belongsTo(SqlKind.QUERY)) {
            return query(node, sql);
        }
        throw Errors.notSupported(
                Optional.of(Positions.of(node.getParserPosition())),
                "This statement (" + node.getKind() + ") is not supported.");
    }

    private StatementResult createStream(SqlCreateStream create) {
        StreamDef stream = new Planner(catalog).stream(create);
        if (!stream.isInternal()) {
            connectors.validate(stream);
        }
        synchronized (catalog) {
            if (stream.isInternal() && catalog.find(stream.name()).isEmpty()) {
                // The log of a dropped stream of this name whose files outlived its catalog
                // entry (a failed delete): a new stream starts empty, never with its events.
                storage.drop(stream.name());
            }
            return createObject(stream, create.ifNotExists());
        }
    }

    private StatementResult createTable(SqlCreateTable create) {
        TableDef table = new Planner(catalog).table(create);
        if (!table.options().isEmpty()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(create.name().getParserPosition())),
                    "Tables are kept by Weir and take no WITH options yet; to read a connector,"
                            + " CREATE STREAM with them, and keep its latest rows per key with a"
                            + " materialized view.");
        }
        synchronized (catalog) {
            boolean exists = catalog.find(table.name()).isPresent();
            StatementResult result = createObject(table, create.ifNotExists());
            if (!exists) {
                tables.create(table);
            }
            return result;
        }
    }

    /** DELETE FROM table WHERE ...: the rows the condition finds, as of now, are deleted. */
    private StatementResult delete(SqlDelete delete) {
        Planner.TableChange change = new Planner(catalog).delete(delete);
        List<Row> found = new ArrayList<>();
        for (Object[] values : snapshotRows(change.rows())) {
            found.add(Row.wrap(values));
        }
        int deleted = tables.delete(change.table().name(), found);
        return new StatementResult.Update(deleted + " row(s) deleted.", deleted);
    }

    /** UPDATE table SET ... WHERE ...: each row the condition finds gets its new values. */
    private StatementResult update(SqlUpdate update) {
        Planner.TableChange change = new Planner(catalog).update(update);
        int arity = change.table().columns().size();
        List<Row[]> pairs = new ArrayList<>();
        for (Object[] values : snapshotRows(change.rows())) {
            Object[] before = java.util.Arrays.copyOf(values, arity);
            Object[] after = before.clone();
            for (int i = 0; i < change.updatedColumns().size(); i++) {
                after[change.updatedColumns().get(i)] = values[arity + i];
            }
            pairs.add(new Row[] {Row.wrap(before), Row.wrap(after)});
        }
        int updated = tables.update(change.table().name(), pairs);
        return new StatementResult.Update(updated + " row(s) updated.", updated);
    }

    private List<Object[]> snapshotRows(PlannedQuery planned) {
        StatementResult result = run(planned, "");
        return ((StatementResult.Rows) result).rows();
    }

    private StatementResult createView(SqlCreateView create) {
        var view = new Planner(catalog).view(create);
        Optional<CatalogObject> existing = catalog.find(view.name());
        if (existing.isPresent()) {
            if (create.getReplace() && existing.get() instanceof dev.weir.planner.catalog.ViewDef) {
                Dependencies.checkReplaceable(
                        view.name(),
                        catalog,
                        inserts.running(),
                        Optional.of(Positions.of(create.name().getParserPosition())));
                catalog.put(view);
                return new StatementResult.Update("View '" + view.name() + "' replaced.", 0);
            }
            if (create.ifNotExists()) {
                return new StatementResult.Update("View '" + view.name() + "' already exists.", 0);
            }
            throw Errors.alreadyExists(
                    Optional.of(Positions.of(create.name().getParserPosition())),
                    existing.get().kindName().toLowerCase(Locale.ROOT),
                    view.name());
        }
        catalog.add(view);
        return new StatementResult.Update("View '" + view.name() + "' created.", 0);
    }

    private StatementResult createMaterializedView(SqlCreateMaterializedView create) {
        synchronized (catalog) {
            String name = create.name().getSimple();
            Optional<CatalogObject> existing = catalog.find(name);
            if (existing.isPresent()) {
                if (create.ifNotExists()) {
                    return new StatementResult.Update(
                            "Materialized view '" + name + "' already exists.", 0);
                }
                throw Errors.alreadyExists(
                        Optional.of(Positions.of(create.name().getParserPosition())),
                        existing.get().kindName().toLowerCase(Locale.ROOT),
                        existing.get().name());
            }
            Planner.MaterializedViewPlan plan = Planner.materializedView(create, catalog);
            views.create(plan.definition(), plan.query());
            return new StatementResult.Update(
                    "Materialized view '" + plan.definition().name() + "' created.", 0);
        }
    }

    private StatementResult createObject(CatalogObject object, boolean ifNotExists) {
        synchronized (catalog) {
            Optional<CatalogObject> existing = catalog.find(object.name());
            String kind = object.kindName().toLowerCase(Locale.ROOT);
            if (existing.isPresent()) {
                if (ifNotExists) {
                    return new StatementResult.Update(
                            capitalized(kind) + " '" + object.name() + "' already exists.", 0);
                }
                throw Errors.alreadyExists(
                        Optional.empty(),
                        existing.get().kindName().toLowerCase(Locale.ROOT),
                        object.name());
            }
            catalog.add(object);
            return new StatementResult.Update(
                    capitalized(kind) + " '" + object.name() + "' created.", 0);
        }
    }

    private static String capitalized(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private StatementResult drop(SqlDropObject drop) {
        String name = drop.name().getSimple();
        Optional<CatalogObject> existing = catalog.find(name);
        String kind = drop.objectKind().prose();
        if (existing.isEmpty()) {
            if (drop.ifExists()) {
                return new StatementResult.Update(
                        capitalized(kind) + " '" + name + "' does not exist.", 0);
            }
            throw Errors.tableNotFound(
                    Optional.of(Positions.of(drop.name().getParserPosition())), name);
        }
        CatalogObject object = existing.get();
        if (!object.kindName().equals(drop.objectKind().sql())) {
            throw new WeirException(
                    ErrorCode.VALIDATION_ERROR,
                    Optional.of(Positions.of(drop.name().getParserPosition())),
                    "'"
                            + object.name()
                            + "' is a "
                            + object.kindName().toLowerCase(Locale.ROOT)
                            + ", not a "
                            + kind
                            + "; use DROP "
                            + object.kindName()
                            + ".");
        }
        List<String> dependents =
                new ArrayList<>(Dependencies.dependentsOf(object.name(), catalog));
        for (InsertQueries.Running query : inserts.running()) {
            if (query.target().equalsIgnoreCase(object.name())
                    || Dependencies.tablesRead(query.sql())
                            .contains(object.name().toLowerCase(Locale.ROOT))) {
                dependents.add("query '" + query.id() + "'");
            }
        }
        if (!dependents.isEmpty()) {
            throw new WeirException(
                    ErrorCode.OBJECT_IN_USE,
                    Optional.of(Positions.of(drop.name().getParserPosition())),
                    "Cannot drop "
                            + kind
                            + " '"
                            + object.name()
                            + "': "
                            + String.join(", ", dependents)
                            + (dependents.size() == 1 ? " depends" : " depend")
                            + " on it. Drop (or, for a query, cancel) "
                            + (dependents.size() == 1 ? "that" : "those")
                            + " first.");
        }
        // The catalog entry goes first: it is the commit point, and files it no longer refers to
        // are deleted on the next start if a crash comes before they are deleted here.
        catalog.remove(object.name());
        if (object instanceof MaterializedViewDef) {
            views.drop(object.name());
        }
        if (object instanceof TableDef) {
            tables.drop(object.name());
        }
        if (object instanceof StreamDef stream && stream.isInternal()) {
            storage.drop(stream.name());
        }
        return new StatementResult.Update(
                capitalized(kind) + " '" + object.name() + "' dropped.", 0);
    }

    private StatementResult cancel(SqlCancelQuery cancel) {
        for (MaterializedViews.RunningView view : views.running()) {
            if (view.queryId().equalsIgnoreCase(cancel.queryId())) {
                throw new WeirException(
                        ErrorCode.OBJECT_IN_USE,
                        Optional.of(Positions.of(cancel.getParserPosition())),
                        "Query '"
                                + view.queryId()
                                + "' maintains the materialized view '"
                                + view.definition.name()
                                + "'; it stops only with DROP MATERIALIZED VIEW "
                                + view.definition.name()
                                + ".");
            }
        }
        if (inserts.find(cancel.queryId()).isPresent()) {
            inserts.cancel(cancel.queryId());
            return new StatementResult.Update("Query '" + cancel.queryId() + "' cancelled.", 0);
        }
        ContinuousQuery query =
                queries.find(cancel.queryId())
                        .orElseThrow(
                                () ->
                                        new WeirException(
                                                ErrorCode.QUERY_NOT_FOUND,
                                                Optional.of(
                                                        Positions.of(cancel.getParserPosition())),
                                                "No running query has the id '"
                                                        + cancel.queryId()
                                                        + "'; SHOW QUERIES lists them."));
        query.cancel();
        queries.remove(query.id());
        return new StatementResult.Update("Query '" + query.id() + "' cancelled.", 0);
    }

    private StatementResult explain(SqlExplainQuery explain) {
        SqlNode explained = explain.explained();
        String text;
        if (explained instanceof SqlInsert insert) {
            new Planner(catalog).insertValues(insert);
            text = "Append(stream=[" + insert.getTargetTable() + "])\n  Values\n";
        } else {
            text = new Planner(catalog).planQuery(explained).graph().explain();
        }
        List<Object[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            rows.add(new Object[] {line});
        }
        return new StatementResult.Rows(List.of(ResultColumn.varchar("plan")), rows);
    }

    private StatementResult insert(SqlInsert insert, String sql) {
        if (Planner.isInsertSelect(insert)) {
            Planner.InsertQueryPlan plan = new Planner(catalog).insertQuery(insert);
            CatalogObject target = catalog.find(plan.target()).orElseThrow();
            if (target instanceof TableDef) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                        "INSERT INTO a table takes VALUES. To keep a table of a query's"
                                + " results up to date, CREATE MATERIALIZED VIEW ... AS SELECT.");
            }
            if (!(target instanceof StreamDef stream)
                    || !(stream.isInternal() || connectors.isWritable(stream))) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                        "INSERT is supported into internal and Kafka streams only; '"
                                + target.name()
                                + "' is neither.");
            }
            String id = inserts.create(sql, plan);
            return new StatementResult.Update(
                    "Persistent query '"
                            + id
                            + "' started: its rows append to '"
                            + stream.name()
                            + "'. SHOW QUERIES lists it; CANCEL QUERY '"
                            + id
                            + "' stops it.",
                    0);
        }
        Planner.InsertRows rows = new Planner(catalog).insertValues(insert);
        CatalogObject target = catalog.find(rows.target()).orElseThrow();
        if (target instanceof TableDef table) {
            int n = tables.insert(table.name(), rows.rows(), insert.isUpsert());
            return new StatementResult.Update(
                    n + " row(s) " + (insert.isUpsert() ? "upserted." : "inserted."), n);
        }
        if (insert.isUpsert()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "UPSERT replaces a table's rows by key; '"
                            + target.name()
                            + "' is a stream, whose events are only appended: use INSERT.");
        }
        if (target instanceof StreamDef stream && connectors.isWritable(stream)) {
            connectors.append(stream, rows.rows());
            return new StatementResult.Update(
                    rows.rows().size() + " row(s) written.", rows.rows().size());
        }
        if (!(target instanceof StreamDef stream) || !stream.isInternal()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "INSERT is supported into internal and Kafka streams only; '"
                            + target.name()
                            + "' is a "
                            + (target instanceof TableDef
                                    ? "table"
                                    : "stream read through a connector")
                            + ".");
        }
        storage.append(stream.name(), rows.rows());
        return new StatementResult.Update(
                rows.rows().size() + " row(s) appended.", rows.rows().size());
    }

    private StatementResult query(SqlNode node, String sql) {
        long generation = planCache.generation();
        PlannedQuery planned = new Planner(catalog).planQuery(node);
        if (!planned.emit().stream()) {
            planCache.put(sql, planned, generation);
        }
        return run(planned, sql);
    }

    private StatementResult run(PlannedQuery planned, String sql) {
        JobGraph graph = planned.graph();
        if (graph.pointLookup().isPresent() && !planned.emit().stream()) {
            Optional<StatementResult> answer = lookup(planned, graph.pointLookup().get());
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        List<ResultColumn> columns = new ArrayList<>();
        for (ColumnDef c : planned.columns()) {
            columns.add(Catalogs.resultColumn(c));
        }
        if (graph.limit() == 0) {
            // LIMIT 0: a client asking for the columns only (BI tools do); never start a job.
            return new StatementResult.Rows(
                    planned.emit().stream() ? withStreamColumns(columns) : columns, List.of());
        }
        if (planned.emit().stream()) {
            return continuous(graph, columns, sql, planned.emit().snapshot());
        }
        if (!graph.isBounded(s -> isBounded(s))) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "This query reads an unbounded stream, so it has no answer 'as of now'. Add"
                            + " EMIT STREAM to receive its changes as they happen, or define a"
                            + " materialized view over it.");
        }
        TableRealizationSink sink = new TableRealizationSink();
        Job job =
                JobCompiler.compile(
                        "q" + nextQueryId.getAndIncrement(),
                        graph,
                        sources(Reading.SNAPSHOT, true),
                        newState(),
                        sink,
                        clock);
        job.runToCompletion();
        if (sink.failure() != null) {
            Throwable f = sink.failure();
            throw f instanceof WeirException w
                    ? w
                    : Errors.internal(String.valueOf(f.getMessage()), f);
        }
        List<Row> rows = sink.rows();
        if (!graph.sortFields().isEmpty()) {
            rows.sort(Rows.comparator(graph.sortFields()));
        }
        long from = Math.min(graph.offset(), rows.size());
        long to = graph.limit() < 0 ? rows.size() : Math.min(rows.size(), from + graph.limit());
        List<Object[]> result = new ArrayList<>();
        for (Row row : rows.subList((int) from, (int) to)) {
            Object[] values = row.toArray();
            result.add(
                    values.length == graph.visibleColumns()
                            ? values
                            : java.util.Arrays.copyOf(values, graph.visibleColumns()));
        }
        return new StatementResult.Rows(columns, result);
    }

    /**
     * A point lookup in a materialized view or a table: its one row (or none), without running a
     * job.
     */
    private Optional<StatementResult> lookup(PlannedQuery planned, PointLookup lookup) {
        Optional<Row> found;
        if (tables.contains(lookup.view())) {
            found = tables.lookup(lookup.view(), Row.copyOf(lookup.key()));
        } else {
            Optional<MaterializedViews.RunningView> view = views.find(lookup.view());
            if (view.isEmpty()) {
                return Optional.empty();
            }
            view.get().checkHealthy();
            found = view.get().store.lookup(Row.copyOf(lookup.key()));
        }
        List<ResultColumn> columns = new ArrayList<>();
        for (ColumnDef c : planned.columns()) {
            columns.add(Catalogs.resultColumn(c));
        }
        List<Object[]> rows = new ArrayList<>();
        found.ifPresent(
                row -> {
                    Object[] values = new Object[lookup.projection().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = row.get(lookup.projection().get(i));
                    }
                    rows.add(values);
                });
        return Optional.of(new StatementResult.Rows(columns, rows));
    }

    private static List<ResultColumn> withStreamColumns(List<ResultColumn> columns) {
        List<ResultColumn> all = new ArrayList<>(columns);
        all.addAll(STREAM_COLUMNS);
        return all;
    }

    private StatementResult continuous(
            JobGraph graph, List<ResultColumn> columns, String sql, boolean snapshot) {
        String id = "q" + nextQueryId.getAndIncrement();
        List<ResultColumn> withMeta = withStreamColumns(columns);
        ContinuousQuery query = new ContinuousQuery(id, sql, withMeta, RESULT_QUEUE_CAPACITY);
        StreamRealizationSink sink = new StreamRealizationSink(query, graph.resultKey(), clock);
        Job job =
                JobCompiler.compile(
                        id,
                        graph,
                        sources(Reading.CONTINUOUS, snapshot),
                        continuousState(id),
                        sink,
                        clock);
        query.attach(job);
        queries.add(query);
        job.start();
        return new StatementResult.Continuous(query);
    }

    private StateBackend newState() {
        return new HeapStateBackend();
    }

    /**
     * A continuous query's state: RocksDB in the data directory when there is one (it may grow past
     * memory), deleted when the query ends; the heap otherwise.
     */
    private StateBackend continuousState(String queryId) {
        if (stateDir.isEmpty()) {
            return new HeapStateBackend();
        }
        return new JobStateBackend(
                RocksDbStateBackend.open(
                        stateDir.get().resolve(queryId + "-" + System.nanoTime())));
    }

    private boolean isBounded(ExecNode.Source source) {
        if (source.options().containsKey(ExecNode.Source.SYSTEM_TABLE)) {
            return true; // a snapshot of the server, as of the query
        }
        // Internal streams and materialized views have a snapshot "as of now".
        return source.options().isEmpty() || connectors.isBounded(source.options());
    }

    /** What a job reads its sources for. */
    private enum Reading {
        /** A table realization: the rows as of now, then the end. */
        SNAPSHOT,
        /** A client's continuous query: the rows as of now (unless skipped), then every change. */
        CONTINUOUS,
        /**
         * A persistent query (a materialized view, INSERT ... SELECT): everything from the start,
         * from replayable sources, so that a checkpoint can resume it exactly.
         */
        PERSISTENT
    }

    /**
     * @param withRetained read an internal stream's retained events first (its snapshot), or only
     *     what is appended from now on ({@code WITH (SNAPSHOT = FALSE)})
     */
    private SourceFactory sources(Reading reading, boolean withRetained) {
        boolean boundedAtCurrentEnd = reading == Reading.SNAPSHOT;
        return new SourceFactory() {
            @Override
            public SourceFunction open(ExecNode.Source source) {
                String system = source.options().get(ExecNode.Source.SYSTEM_TABLE);
                if (system != null) {
                    return new RowListSource(systemTables.rows(system));
                }
                if (source.options().isEmpty() && tables.contains(source.stream())) {
                    return switch (reading) {
                        case SNAPSHOT -> tables.snapshot(source.stream());
                        case CONTINUOUS -> tables.subscribe(source.stream(), withRetained);
                        case PERSISTENT -> tables.changelog(source.stream());
                    };
                }
                Optional<MaterializedViews.RunningView> view = views.find(source.stream());
                if (view.isPresent() && source.options().isEmpty()) {
                    view.get().checkHealthy();
                    if (boundedAtCurrentEnd) {
                        return new RowListSource(view.get().store.snapshot());
                    }
                    return view.get().store.subscribe(withRetained);
                }
                if (source.options().isEmpty()) {
                    return withRetained
                            ? storage.reader(source.stream(), boundedAtCurrentEnd)
                            : storage.newEventsReader(source.stream());
                }
                return connectors.open(
                        source.stream(), source.options(), source.fields(), source.timeField());
            }

            @Override
            public boolean isBounded(ExecNode.Source source) {
                return Engine.this.isBounded(source);
            }
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
        queries.cancelAll();
        inserts.close();
        views.close();
        tables.close();
        storage.close();
    }
}
