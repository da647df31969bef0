package dev.weir.server.avatica;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.planner.prepare.StatementDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.ProtobufMeta;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's server-side protocol over the engine: connections, statements, results pushed in
 * frames. A continuous query answers at once with its columns and what is ready; each fetch then
 * waits a few seconds (well under a client's HTTP timeout) for at least one row.
 */
public final class WeirMeta extends MetaImpl implements ProtobufMeta {
    /**
     * How long a fetch of a continuous query waits for its first row: long enough that an idle
     * query costs a request every few seconds, well under a client's HTTP timeout. A cancel or
     * close ends the wait at once.
     */
    static final long FETCH_WAIT_MILLIS = 3_000;

    /**
     * Rows per frame, at most, when the client names no fetch size (Weir's driver names none unless
     * the application calls setFetchSize): a continuous query's frame carries what is ready, so a
     * fast stream gets large frames, a few HTTP round trips per hundred thousand rows, and a slow
     * one small frames as soon as a row is there. Avatica's own driver asks for 100.
     */
    static final int UNSIZED_FRAME_ROWS = 8_192;

    private final Engine engine;
    private final CatalogMetadata metadata;
    private final ClientConnections connections = new ClientConnections();
    private final Map<String, StatementState> statements = new ConcurrentHashMap<>();
    private final AtomicInteger nextStatementId = new AtomicInteger(1);

    public WeirMeta(Engine engine) {
        super(null);
        this.engine = engine;
        this.metadata = new CatalogMetadata(engine, nextStatementId::getAndIncrement);
    }

    public int connectionCount() {
        return connections.count();
    }

    /**
     * At most {@code max} connections open at once; one more is refused with TOO_MANY_CONNECTIONS
     * (53300), naming {@code option}, which raises the limit.
     */
    public void limitConnections(int max, String option) {
        connections.limit(max, option);
    }

    /** Connections refused for the limit, since the server started. */
    public long refusedConnections() {
        return connections.refused();
    }

    /** The current request's connection {@code id}, or Avatica's missing connection error. */
    private ClientConnections.Client connection(String id) {
        return connections.require(id, RequestUser.current());
    }

    private static String key(String connectionId, int statementId) {
        return connectionId + "/" + statementId;
    }

    /**
     * The statement {@code h} names, of a connection of the current request's user, its use noted;
     * otherwise Avatica's missing statement error (a statement of another connection is missing
     * too), on which Avatica's client makes its statement again.
     */
    private StatementState state(StatementHandle h) throws NoSuchStatementException {
        StatementState state = h == null ? null : statements.get(key(h.connectionId, h.id));
        if (state == null || !connections.isOpen(h.connectionId, RequestUser.current())) {
            NoSuchStatementException missing = new NoSuchStatementException(h);
            missing.setStackTrace(new StackTraceElement[0]);
            throw missing;
        }
        connection(h.connectionId);
        state.lastAccessMillis = System.currentTimeMillis();
        return state;
    }

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        connections.open(ch.id, info, RequestUser.current());
    }

    /** Closes the connection and its statements; one that is not open is closed already. */
    @Override
    public void closeConnection(ConnectionHandle ch) {
        if (connections.close(ch.id, RequestUser.current())) {
            closeStatementsOf(ch.id);
        }
    }

    /** Closes the statements of {@code connectionId}, and counts them. */
    private int closeStatementsOf(String connectionId) {
        int[] closed = {0};
        statements
                .entrySet()
                .removeIf(
                        e -> {
                            if (e.getValue().connectionId.equals(connectionId)) {
                                e.getValue().closeResult();
                                closed[0]++;
                                return true;
                            }
                            return false;
                        });
        return closed[0];
    }

    /**
     * The connection's properties, with Weir's defaults where the client set none (see {@link
     * ClientConnections#defaultProperties}).
     */
    @Override
    public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties props) {
        ConnectionPropertiesImpl current = connection(ch.id).properties;
        synchronized (current) {
            return props == null ? current : current.merge(props);
        }
    }

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        connection(ch.id);
        int id = nextStatementId.getAndIncrement();
        statements.put(key(ch.id, id), new StatementState(ch.id));
        return new StatementHandle(ch.id, id, null);
    }

    /** Closes the statement; one that is not there is closed already (as in Avatica's server). */
    @Override
    public void closeStatement(StatementHandle h) {
        if (!connections.isOpen(h.connectionId, RequestUser.current())) {
            return;
        }
        StatementState state = statements.remove(key(h.connectionId, h.id));
        if (state != null) {
            state.closeResult();
        }
    }

    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
        requireSql(sql, "PrepareRequest");
        StatementHandle h = createStatement(ch);
        StatementState state = statements.get(key(ch.id, h.id));
        state.sql = sql;
        // Validate only: a prepare never starts a job. The parameters' types come with it.
        Engine.Description description = guarded(() -> engine.describe(sql));
        state.signature =
                Signatures.of(
                        sql,
                        description.columns(),
                        description.parameters(),
                        description.origins());
        h.signature = state.signature;
        return h;
    }

    @Override
    public ExecuteResult prepareAndExecute(
            StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
            throws NoSuchStatementException {
        return prepareAndExecute(h, sql, maxRowCount, -1, callback);
    }

    @Override
    public ExecuteResult prepareAndExecute(
            StatementHandle h,
            String sql,
            long maxRowCount,
            int maxRowsInFirstFrame,
            PrepareCallback callback)
            throws NoSuchStatementException {
        StatementState state = state(h);
        requireSql(sql, "PrepareAndExecuteRequest");
        state.sql = sql;
        return run(h, state, List.of(), options(h, sql, maxRowCount), maxRowsInFirstFrame);
    }

    @Override
    public ExecuteResult execute(
            StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
            throws NoSuchStatementException {
        return execute(h, parameterValues, (int) Math.min(maxRowCount, Integer.MAX_VALUE));
    }

    /**
     * Runs a prepared statement with its parameters' values. Avatica sends no row limit and no
     * timeout with it; Weir's driver sends them with the signature (see {@link ExecutionOptions}).
     */
    @Override
    public ExecuteResult execute(
            StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        StatementState state = state(h);
        if (state.sql == null) {
            throw ClientConnections.protocolError(
                    "Statement "
                            + h.id
                            + " was not prepared: an ExecuteRequest runs a prepared statement.");
        }
        List<Object> values = guarded(() -> ParameterValues.of(parameterValues));
        String sent = h.signature == null ? null : h.signature.sql;
        return run(h, state, values, options(h, sent, -1), maxRowsInFirstFrame);
    }

    private ExecutionOptions options(StatementHandle h, String text, long maxRowCount) {
        return ExecutionOptions.of(text, connection(h.connectionId).info, maxRowCount);
    }

    private static void requireSql(String sql, String request) {
        if (sql == null) {
            throw ClientConnections.protocolError("A " + request + " must carry its SQL.");
        }
    }

    private ExecuteResult run(
            StatementHandle h,
            StatementState state,
            List<Object> parameters,
            ExecutionOptions options,
            int maxRowsInFirstFrame) {
        state.closeResult();
        state.options = options;
        String sql = state.sql;
        StatementResult result =
                guarded(
                        () ->
                                parameters.isEmpty() && MetadataProbes.hasNoRows(sql)
                                        ? new StatementResult.Rows(
                                                engine.describeResult(sql), List.of())
                                        : engine.execute(
                                                ExecutionOptions.withoutOptions(sql),
                                                parameters,
                                                RequestUser.caller()));
        if (result instanceof StatementResult.Update update) {
            state.signature = Signatures.of(sql, List.of(), List.of(), List.of());
            return new ExecuteResult(
                    List.of(MetaResultSet.count(h.connectionId, h.id, update.count())));
        }
        if (result instanceof StatementResult.Rows rows) {
            state.signature = Signatures.of(sql, rows.columns(), List.of(), origins(sql));
            List<Object> all = new ArrayList<>();
            long limit = options.remaining(0);
            for (Object[] r : rows.rows()) {
                if (all.size() >= limit) {
                    break;
                }
                all.add(WireValues.row(r, rows.columns()));
            }
            state.rows = all;
            Frame first =
                    finiteFrame(
                            state,
                            0,
                            maxRowsInFirstFrame < 0 ? Integer.MAX_VALUE : maxRowsInFirstFrame);
            return new ExecuteResult(
                    List.of(
                            MetaResultSet.create(
                                    h.connectionId, h.id, false, state.signature, first)));
        }
        ContinuousQuery query = ((StatementResult.Continuous) result).query();
        state.query = query;
        scheduleTimeout(query, options.timeoutSeconds());
        state.signature = Signatures.of(sql, query.columns(), List.of(), origins(sql));
        // Answer at once, with what is ready: the rest comes with the fetches that follow.
        Frame first;
        synchronized (state) {
            first =
                    nextFrame(
                            state,
                            query,
                            0,
                            maxRowsInFirstFrame <= 0 ? UNSIZED_FRAME_ROWS : maxRowsInFirstFrame);
        }
        return new ExecuteResult(
                List.of(MetaResultSet.create(h.connectionId, h.id, false, state.signature, first)));
    }

    /**
     * Which table column each result column reads, for ResultSetMetaData; none where that cannot be
     * told (it never fails a statement that ran).
     */
    private List<Optional<StatementDescription.ColumnOrigin>> origins(String sql) {
        try {
            return engine.describe(sql).origins();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Past its timeout a continuous query is stopped on the server and its reader gets
     * QUERY_TIMEOUT (57014).
     */
    private static void scheduleTimeout(ContinuousQuery query, long seconds) {
        if (seconds > 0) {
            TIMEOUTS.schedule(
                    () ->
                            query.failWith(
                                    new WeirException(
                                            ErrorCode.QUERY_TIMEOUT,
                                            Optional.empty(),
                                            "The query ran past its timeout of "
                                                    + seconds
                                                    + " s and was stopped.")),
                    seconds,
                    TimeUnit.SECONDS);
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService TIMEOUTS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "weir-query-timeouts");
                        t.setDaemon(true);
                        return t;
                    });

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
            throws NoSuchStatementException, MissingResultsException {
        StatementState state = state(h);
        if (offset < 0) {
            throw ClientConnections.protocolError(
                    "A FetchRequest's offset is a row number, not " + offset + ".");
        }
        if (state.rows != null) {
            return finiteFrame(state, offset, fetchMaxRowCount);
        }
        ContinuousQuery query = state.query;
        if (query == null) {
            // The statement is there, its results are not (never run, or run to an update count).
            throw new MissingResultsException(h);
        }
        synchronized (state) {
            if (offset == state.lastFrameOffset
                    && state.lastFrame != null
                    && state.lastFrame.rows.iterator().hasNext()) {
                return state.lastFrame; // a retried fetch: the same rows again
            }
            return nextFrame(
                    state,
                    query,
                    FETCH_WAIT_MILLIS,
                    fetchMaxRowCount <= 0 ? UNSIZED_FRAME_ROWS : fetchMaxRowCount);
        }
    }

    /**
     * The next rows of a continuous query: waits up to {@code waitMillis} for one, then takes what
     * else is ready, up to {@code max}. Remembered, so that a retried fetch gets it again.
     */
    private static Frame nextFrame(
            StatementState state, ContinuousQuery query, long waitMillis, int frameRows) {
        List<Object> rows = new ArrayList<>();
        long max = Math.min(frameRows, state.options.remaining(state.delivered));
        if (max == 0) {
            // setMaxRows reached: the query is stopped and the result ends.
            query.cancel();
            Frame end = new Frame(state.delivered, true, rows);
            state.lastFrame = end;
            state.lastFrameOffset = state.delivered;
            return end;
        }
        try {
            Optional<Object[]> row = query.next(waitMillis, TimeUnit.MILLISECONDS);
            while (row.isPresent()) {
                rows.add(WireValues.row(row.get(), query.columns()));
                if (rows.size() >= max) {
                    break;
                }
                row = query.next(0, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WeirException e) {
            throw error(e);
        }
        boolean limitReached = state.options.remaining(state.delivered + rows.size()) == 0;
        if (limitReached) {
            query.cancel();
        }
        Frame frame = new Frame(state.delivered, limitReached || query.isDone(), rows);
        state.lastFrame = frame;
        state.lastFrameOffset = state.delivered;
        state.delivered += rows.size();
        return frame;
    }

    private static Frame finiteFrame(StatementState state, long offset, int max) {
        List<Object> all = state.rows;
        int from = (int) Math.min(offset, all.size());
        // A negative maximum is "no limit"; none named (0), a frame of the usual size.
        long frameRows = max < 0 ? all.size() : max == 0 ? UNSIZED_FRAME_ROWS : max;
        int to = (int) Math.min(all.size(), from + frameRows);
        return new Frame(from, to >= all.size(), new ArrayList<>(all.subList(from, to)));
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
            throws NoSuchStatementException {
        StatementState state = state(h);
        if (sqlCommands == null || sqlCommands.contains(null)) {
            throw ClientConnections.protocolError(
                    "A PrepareAndExecuteBatchRequest must carry its statements.");
        }
        long[] counts = new long[sqlCommands.size()];
        for (int i = 0; i < sqlCommands.size(); i++) {
            state.sql = sqlCommands.get(i);
            ExecuteResult result = run(h, state, List.of(), options(h, state.sql, -1), 0);
            counts[i] = Math.max(result.resultSets.get(0).updateCount, 0);
        }
        return new ExecuteBatchResult(counts);
    }

    /** A prepared statement run once per set of values (JDBC's addBatch / executeBatch). */
    @Override
    public ExecuteBatchResult executeBatch(
            StatementHandle h, List<List<TypedValue>> parameterValues)
            throws NoSuchStatementException {
        StatementState state = state(h);
        if (state.sql == null) {
            throw ClientConnections.protocolError(
                    "Statement " + h.id + " was not prepared: a batch runs a prepared statement.");
        }
        if (parameterValues == null) {
            return new ExecuteBatchResult(new long[0]);
        }
        long[] counts = new long[parameterValues.size()];
        for (int i = 0; i < counts.length; i++) {
            List<TypedValue> values = parameterValues.get(i);
            ExecuteResult result =
                    run(
                            h,
                            state,
                            guarded(() -> ParameterValues.of(values)),
                            options(h, null, -1),
                            0);
            counts[i] = Math.max(result.resultSets.get(0).updateCount, 0);
        }
        return new ExecuteBatchResult(counts);
    }

    /** A batch as the protobuf endpoint decodes it: each update's values, in order. */
    @Override
    public ExecuteBatchResult executeBatchProtobuf(
            StatementHandle h, List<Requests.UpdateBatch> updateBatches)
            throws NoSuchStatementException {
        List<List<TypedValue>> batches = new ArrayList<>();
        for (Requests.UpdateBatch batch : updateBatches) {
            List<TypedValue> values = new ArrayList<>();
            batch.getParameterValuesList().forEach(v -> values.add(TypedValue.fromProto(v)));
            batches.add(values);
        }
        return executeBatch(h, batches);
    }

    @Override
    public boolean syncResults(StatementHandle sh, QueryState state, long offset)
            throws NoSuchStatementException {
        state(sh);
        return false;
    }

    /** Nothing to commit (every statement commits on its own), on a connection that is open. */
    @Override
    public void commit(ConnectionHandle ch) {
        connection(ch.id);
    }

    @Override
    public void rollback(ConnectionHandle ch) {
        connection(ch.id);
    }

    @Override
    public Iterable<Object> createIterable(
            StatementHandle h,
            QueryState state,
            Signature signature,
            List<TypedValue> parameters,
            Frame firstFrame) {
        return firstFrame == null ? List.of() : firstFrame.rows;
    }

    // DatabaseMetaData, as BI tools browse it.

    @Override
    public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
        connection(ch.id);
        return metadata.databaseProperties();
    }

    @Override
    public MetaResultSet getCatalogs(ConnectionHandle ch) {
        connection(ch.id);
        return metadata.catalogs(ch);
    }

    @Override
    public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
        connection(ch.id);
        return metadata.schemas(ch, schemaPattern);
    }

    @Override
    public MetaResultSet getTableTypes(ConnectionHandle ch) {
        connection(ch.id);
        return metadata.tableTypes(ch);
    }

    @Override
    public MetaResultSet getTables(
            ConnectionHandle ch,
            String catalog,
            Pat schemaPattern,
            Pat tableNamePattern,
            List<String> typeList) {
        connection(ch.id);
        return metadata.tables(ch, schemaPattern, tableNamePattern, typeList);
    }

    @Override
    public MetaResultSet getColumns(
            ConnectionHandle ch,
            String catalog,
            Pat schemaPattern,
            Pat tableNamePattern,
            Pat columnNamePattern) {
        connection(ch.id);
        return metadata.columns(ch, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public MetaResultSet getPrimaryKeys(
            ConnectionHandle ch, String catalog, String schema, String table) {
        connection(ch.id);
        return metadata.primaryKeys(ch, schema, table);
    }

    @Override
    public MetaResultSet getFunctions(
            ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
        connection(ch.id);
        return metadata.functions(ch, schemaPattern, functionNamePattern);
    }

    @Override
    public MetaResultSet getTypeInfo(ConnectionHandle ch) {
        connection(ch.id);
        return metadata.typeInfo(ch);
    }

    /** Runs engine work, turning Weir errors into Avatica's, which carry code and SQLSTATE. */
    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (WeirException e) {
            throw error(e);
        } catch (RuntimeException e) {
            throw new AvaticaRuntimeException(
                    "Internal error (a bug in Weir; please report it): " + e,
                    ErrorCode.INTERNAL_ERROR.code(),
                    ErrorCode.INTERNAL_ERROR.sqlState(),
                    AvaticaSeverity.ERROR);
        }
    }

    static AvaticaRuntimeException error(WeirException e) {
        AvaticaRuntimeException error =
                new AvaticaRuntimeException(
                        e.getMessage() + " [" + e.code() + "]",
                        e.code().code(),
                        e.code().sqlState(),
                        AvaticaSeverity.ERROR);
        // Avatica sends an error's stack trace to the client, which prints it: a user's mistake
        // is its message alone, and the server's insides are no business of the client's.
        error.setStackTrace(new StackTraceElement[0]);
        return error;
    }

    /** What one sweep of {@link #expireIdle} closed. */
    public record Expired(List<String> connections, int statements) {}

    /**
     * Closes what nobody used for {@code idleMillis} (its client vanished): statements, whose
     * queries are cancelled and results dropped, and connections, with their statements. Avatica's
     * own server expires idle connections and statements the same way; its client opens a
     * connection again when the server says it is missing.
     */
    public Expired expireIdle(long idleMillis) {
        long before = System.currentTimeMillis() - idleMillis;
        List<String> closed = connections.expire(before);
        int[] expired = {0};
        closed.forEach(id -> expired[0] += closeStatementsOf(id));
        statements
                .entrySet()
                .removeIf(
                        e -> {
                            StatementState s = e.getValue();
                            if (s.lastAccessMillis < before) {
                                s.closeResult();
                                expired[0]++;
                                return true;
                            }
                            return false;
                        });
        return new Expired(closed, expired[0]);
    }
}
