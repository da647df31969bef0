package dev.weir.engine;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import dev.weir.common.function.ProcessingTime;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.parser.Positions;
import dev.weir.plan.JobGraph;
import dev.weir.plan.PointLookup;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.ColumnDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlNode;

/**
 * Queries: a snapshot query (no EMIT) runs to its answer as of now, or is answered by a point
 * lookup in a materialized view or a table without a job; a continuous one (EMIT STREAM) starts a
 * job whose changes the client reads until it ends or is cancelled. Snapshot plans are cached by
 * their text ({@link PlanCache}).
 */
final class QueryHandler implements StatementHandler {
    private static final int RESULT_QUEUE_CAPACITY = 10_000;

    /** The columns a stream realization adds to every row (DIALECT.md). */
    static final List<ResultColumn> STREAM_COLUMNS =
            List.of(
                    new ResultColumn("undo", "BOOLEAN", ValueType.BOOLEAN, false, -1, -1),
                    new ResultColumn("ptime", "TIMESTAMP(3)", ValueType.TIMESTAMP, false, 3, -1),
                    new ResultColumn("ver", "BIGINT", ValueType.BIGINT, false, -1, -1));

    private final EngineContext context;
    private final SourceResolver sources;
    private final PlanCache planCache;
    private final LongSupplier clock;
    private final Optional<Path> stateDir;

    /** Where a snapshot query's ORDER BY spills its sorted runs, under the state directory. */
    static final String SORT_RUNS = "sort";

    private volatile int spillRows = TableRealizationSink.DEFAULT_SPILL_ROWS;
    private final AtomicLong nextQueryId = new AtomicLong(1);
    private volatile QueryRunner runner;
    private final RocksDbDisk stateDisk;

    /**
     * @param stateDir where continuous queries keep their state while they run; empty to keep it on
     *     the heap
     * @param stateDisk the disk RocksDB writes that state to
     */
    QueryHandler(
            EngineContext context,
            SourceResolver sources,
            PlanCache planCache,
            LongSupplier clock,
            Optional<Path> stateDir,
            RocksDbDisk stateDisk) {
        this.stateDisk = stateDisk;
        this.context = context;
        this.sources = sources;
        this.planCache = planCache;
        this.clock = clock;
        this.stateDir = stateDir;
    }

    /**
     * Runs continuous queries on {@code runner} from now on; a plan it cannot run runs on the local
     * runner.
     */
    void runContinuousQueriesOn(QueryRunner runner) {
        this.runner = runner;
    }

    /** An ORDER BY without LIMIT sorts this many rows in memory, then spills them to disk. */
    void spillSortsAfter(int rows) {
        this.spillRows = rows;
    }

    @Override
    public StatementResult execute(SqlNode statement, String sql) {
        return execute(statement, sql, Caller.EMBEDDED);
    }

    /** Runs a query for {@code caller}, who owns it if it is a continuous one. */
    StatementResult execute(SqlNode statement, String sql, Caller caller) {
        long generation = planCache.generation();
        PlannedQuery planned = new Planner(context.catalog()).planQuery(statement);
        if (!planned.emit().stream()) {
            planCache.put(sql, planned, generation);
        }
        return run(planned, sql, caller, Optional.of(Positions.of(statement.getParserPosition())));
    }

    /** The result columns of a query, without running it. */
    List<ResultColumn> resultColumns(SqlNode query) {
        PlannedQuery planned = new Planner(context.catalog()).planQuery(query);
        List<ResultColumn> columns = columnsOf(planned);
        return planned.emit().stream() ? withStreamColumns(columns) : columns;
    }

    /**
     * Runs a planned query: its rows as of now, or, with EMIT STREAM, a continuous query owned by
     * {@code caller}, if the engine's query limit admits one more (refused at {@code at} if not).
     */
    StatementResult run(PlannedQuery planned, String sql, Caller caller, Optional<Position> at) {
        JobGraph graph = planned.graph();
        if (graph.pointLookup().isPresent() && !planned.emit().stream()) {
            Optional<StatementResult> answer = lookup(planned, graph.pointLookup().get());
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        List<ResultColumn> columns = columnsOf(planned);
        if (graph.limit() == 0) {
            // LIMIT 0: a client asking for the columns only (BI tools do); never start a job.
            return new StatementResult.Rows(
                    planned.emit().stream() ? withStreamColumns(columns) : columns, List.of());
        }
        context.memory().admit(at);
        if (planned.emit().stream()) {
            try (QueryLimit.Admission admitted =
                    context.queryLimit().admit(context::runningQueries, at)) {
                return continuous(graph, columns, sql, planned.emit().snapshot(), caller);
            }
        }
        if (!graph.isBounded(sources::isBounded)) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "This query reads an unbounded stream, so it has no answer 'as of now'. Add"
                            + " EMIT STREAM to receive its changes as they happen, or define a"
                            + " materialized view over it.");
        }
        MemoryBudget.Meter meter = context.memory().answerMeter();
        TableRealizationSink sink =
                new TableRealizationSink(
                        graph,
                        spillRows,
                        stateDir.map(d -> d.resolve(SORT_RUNS))
                                .orElse(Path.of(System.getProperty("java.io.tmpdir"))),
                        meter);
        try {
            return answer(graph, columns, sink, meter);
        } finally {
            sink.discard();
        }
    }

    private StatementResult answer(
            JobGraph graph,
            List<ResultColumn> columns,
            TableRealizationSink sink,
            MemoryBudget.Meter meter) {
        Job job =
                JobCompiler.compile(
                        "q" + nextQueryId.getAndIncrement(),
                        graph,
                        sources.snapshot(),
                        new HeapStateBackend(),
                        sink,
                        clock,
                        // A snapshot query reads the time once: its start, for every row.
                        ProcessingTime.fixed(clock.getAsLong(), TimeZone.getDefault()));
        job.runToCompletion();
        if (sink.failure() != null) {
            Throwable f = sink.failure();
            throw f instanceof WeirException w
                    ? w
                    : Errors.internal(String.valueOf(f.getMessage()), f);
        }
        List<Object[]> result = new ArrayList<>();
        sink.forEachAnswerRow(
                row -> {
                    meter.hold(row);
                    Object[] values = row.toArray();
                    result.add(
                            values.length == graph.visibleColumns()
                                    ? values
                                    : Arrays.copyOf(values, graph.visibleColumns()));
                });
        return new StatementResult.Rows(columns, result);
    }

    /**
     * A point lookup in a materialized view or a table: its one row (or none), without running a
     * job.
     */
    private Optional<StatementResult> lookup(PlannedQuery planned, PointLookup lookup) {
        Optional<Row> found;
        if (context.tables().contains(lookup.view())) {
            found = context.tables().lookup(lookup.view(), Row.copyOf(lookup.key()));
        } else {
            Optional<MaterializedViews.RunningView> view = context.views().find(lookup.view());
            if (view.isEmpty()) {
                return Optional.empty();
            }
            view.get().checkHealthy();
            found = view.get().store.lookup(Row.copyOf(lookup.key()));
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
        return Optional.of(new StatementResult.Rows(columnsOf(planned), rows));
    }

    private StatementResult continuous(
            JobGraph graph,
            List<ResultColumn> columns,
            String sql,
            boolean snapshot,
            Caller caller) {
        String id = "q" + nextQueryId.getAndIncrement();
        List<ResultColumn> withMeta = withStreamColumns(columns);
        ContinuousQuery query =
                new ContinuousQuery(id, sql, withMeta, caller.user(), RESULT_QUEUE_CAPACITY);
        StreamRealizationSink sink = new StreamRealizationSink(query, graph, clock);
        context.continuousQueries().add(query);
        try {
            QueryRunner other = runner;
            Optional<RunnerJob> job =
                    other == null ? Optional.empty() : other.start(id, graph, sink);
            if (job.isEmpty()) {
                job =
                        new LocalQueryRunner(
                                        sources.continuous(snapshot), this::continuousState, clock)
                                .start(id, graph, sink);
            }
            query.attach(job.orElseThrow());
        } catch (RuntimeException e) {
            query.cancel();
            context.continuousQueries().remove(id);
            throw e;
        }
        return new StatementResult.Continuous(query);
    }

    /**
     * A continuous query's state: RocksDB in the data directory when there is one (it may grow past
     * memory), deleted when the query ends; the heap otherwise.
     */
    private StateBackend continuousState(String queryId) {
        if (stateDir.isEmpty()) {
            return new HeapStateBackend();
        }
        return new DeleteOnCloseStateBackend(
                RocksDbStateBackend.open(
                        stateDir.get().resolve(queryId + "-" + System.nanoTime()), stateDisk));
    }

    private static List<ResultColumn> columnsOf(PlannedQuery planned) {
        List<ResultColumn> columns = new ArrayList<>();
        for (ColumnDef c : planned.columns()) {
            columns.add(ResultColumn.of(c));
        }
        return columns;
    }

    private static List<ResultColumn> withStreamColumns(List<ResultColumn> columns) {
        List<ResultColumn> all = new ArrayList<>(columns);
        all.addAll(STREAM_COLUMNS);
        return all;
    }
}
