package dev.weir.engine;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.runtime.Job;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlDescribeObject;
import dev.weir.parser.ddl.SqlExplainQuery;
import dev.weir.parser.ddl.SqlShow;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.catalog.ViewDef;
import dev.weir.planner.ddl.DdlTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;

/**
 * SHOW, DESCRIBE and EXPLAIN: the catalog, the running queries and a query's plan as rows. SHOW's
 * rows are also the {@code sys} tables' ({@link SystemTables}).
 */
final class ShowDescribeExplainHandler implements StatementHandler {
    private final EngineContext context;

    ShowDescribeExplainHandler(EngineContext context) {
        this.context = context;
    }

    @Override
    public StatementResult execute(SqlNode statement, String sql) {
        if (statement instanceof SqlShow show) {
            return show(show);
        }
        if (statement instanceof SqlDescribeObject describe) {
            return describe(describe);
        }
        if (statement instanceof SqlExplainQuery explain) {
            return explain(explain);
        }
        throw new IllegalArgumentException(
                "Not a SHOW, DESCRIBE or EXPLAIN: " + statement.getKind());
    }

    StatementResult.Rows show(SqlShow show) {
        Optional<Pattern> like = show.likePattern().map(ShowDescribeExplainHandler::likeToRegex);
        Catalog catalog = context.catalog();
        return switch (show.showKind()) {
            case STREAMS -> objects(catalog, "STREAM", like);
            case TABLES -> objects(catalog, "TABLE", like);
            case VIEWS -> objects(catalog, "VIEW", like);
            case MATERIALIZED_VIEWS -> objects(catalog, "MATERIALIZED VIEW", like);
            case QUERIES ->
                    queries(context.continuousQueries(), context.views(), context.inserts());
            case FUNCTIONS -> functions(like);
        };
    }

    private static StatementResult.Rows objects(
            Catalog catalog, String kind, Optional<Pattern> like) {
        List<Object[]> rows = new ArrayList<>();
        for (CatalogObject object : catalog.all()) {
            if (!object.kindName().equals(kind)
                    || like.isPresent() && !like.get().matcher(object.name()).matches()) {
                continue;
            }
            rows.add(new Object[] {object.name(), detail(object)});
        }
        return new StatementResult.Rows(
                List.of(ResultColumn.varchar("name"), ResultColumn.varchar("detail")), rows);
    }

    private static String detail(CatalogObject object) {
        if (object instanceof StreamDef s) {
            String source =
                    s.isInternal() ? "internal" : "connector=" + s.options().get("connector");
            return source
                    + s.watermark()
                            .map(w -> ", watermark=" + w + " - " + s.watermarkDelayMillis() + "ms")
                            .orElse("");
        }
        if (object instanceof TableDef t) {
            return "primary key=" + t.primaryKey();
        }
        if (object instanceof ViewDef v) {
            return v.sql().replace('\n', ' ');
        }
        if (object instanceof dev.weir.planner.catalog.MaterializedViewDef v) {
            return (v.key().isEmpty() ? "" : "key=" + v.key() + ", ") + v.sql().replace('\n', ' ');
        }
        return "";
    }

    private static StatementResult.Rows queries(
            ContinuousQueryRegistry registry, MaterializedViews views, InsertQueries inserts) {
        List<Object[]> rows = new ArrayList<>();
        for (InsertQueries.Running query : inserts.running()) {
            rows.add(
                    queryRow(
                            query.id(),
                            query.sql(),
                            Optional.of(query.job()),
                            query.job().status(),
                            Optional.of(query.figures()),
                            "local",
                            Optional.empty(),
                            Optional.ofNullable(query.failure())));
        }
        for (MaterializedViews.RunningView view : views.running()) {
            rows.add(
                    queryRow(
                            view.queryId(),
                            "CREATE MATERIALIZED VIEW "
                                    + view.definition.name()
                                    + " AS "
                                    + view.definition.sql(),
                            view.localJob(),
                            view.status(),
                            Optional.of(view.figures()),
                            view.job.runner(),
                            view.job.jobId(),
                            Optional.ofNullable(view.sink.failure())));
        }
        for (ContinuousQuery q : registry.running()) {
            rows.add(
                    queryRow(
                            q.id(),
                            q.sql(),
                            q.job(),
                            "RUNNING",
                            Optional.empty(),
                            q.runner(),
                            q.runnerJobId(),
                            Optional.empty()));
        }
        return new StatementResult.Rows(QUERY_COLUMNS, rows);
    }

    /**
     * SHOW QUERIES' columns. Eight are a persistent query's recovery and checkpoints ({@link
     * DurabilityFigures}), NULL for a continuous query and where they do not apply yet; the last
     * two say where the query runs ({@code local} or {@code flink}) and the runner's id of its job
     * (Flink's job id; NULL on the local runner, whose figures the others are: on Flink they are
     * Flink's to show, and stay 0). {@code error} says why a persistent query's job failed while it
     * is FAILED, waiting to be restarted from its checkpoint (a continuous query's failure goes to
     * its client instead).
     */
    private static final List<ResultColumn> QUERY_COLUMNS =
            List.of(
                    ResultColumn.varchar("id"),
                    ResultColumn.varchar("sql"),
                    ResultColumn.varchar("state"),
                    ResultColumn.bigint("rows_in"),
                    ResultColumn.bigint("rows_out"),
                    ResultColumn.varchar("watermark"),
                    ResultColumn.bigint("late_rows_dropped"),
                    ResultColumn.bigint("state_bytes"),
                    ResultColumn.bigint("restore_ms"),
                    ResultColumn.bigint("catch_up_ms"),
                    ResultColumn.bigint("catch_up_rows"),
                    ResultColumn.bigint("checkpoints"),
                    ResultColumn.bigint("checkpoint_ms"),
                    ResultColumn.bigint("checkpoint_bytes"),
                    ResultColumn.bigint("checkpoint_failures"),
                    ResultColumn.varchar("checkpoint_error"),
                    ResultColumn.varchar("runner"),
                    ResultColumn.varchar("runner_job_id"),
                    ResultColumn.varchar("error"));

    private static Object[] queryRow(
            String id,
            String sql,
            Optional<Job> job,
            String runnerState,
            Optional<DurabilityFigures> durability,
            String runner,
            Optional<String> runnerJobId,
            Optional<Throwable> failure) {
        long in = 0;
        long out = 0;
        long late = 0;
        long watermark = Watermarks.NONE;
        String state = runnerState;
        long stateSize = 0;
        if (job.isPresent()) {
            List<OperatorMetrics> metrics = job.get().metrics();
            for (OperatorMetrics m : metrics) {
                late += m.lateRowsDropped() + m.nullTimeRowsDropped();
            }
            if (!metrics.isEmpty()) {
                in = metrics.get(0).rowsIn();
                out = metrics.get(metrics.size() - 1).rowsOut();
                watermark = metrics.get(metrics.size() - 1).watermark();
            }
            state = job.get().status();
            stateSize = job.get().stateSizeBytes();
        }
        DurabilityFigures d = durability.orElse(null);
        return new Object[] {
            id,
            sql.replace('\n', ' '),
            state,
            in,
            out,
            Watermarks.toString(watermark),
            late,
            stateSize,
            d == null ? null : boxed(d.restoreMillis()),
            d == null ? null : boxed(d.catchUpMillis()),
            d == null ? null : boxed(d.catchUpRows()),
            d == null ? null : d.checkpoints(),
            d == null ? null : boxed(d.checkpointMillis()),
            d == null ? null : boxed(d.checkpointBytes()),
            d == null ? null : d.checkpointFailures(),
            d == null ? null : d.checkpointError().orElse(null),
            runner,
            runnerJobId.orElse(null),
            state.equals("FAILED")
                    ? failure.map(f -> String.valueOf(f.getMessage())).orElse(null)
                    : null
        };
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static StatementResult.Rows functions(Optional<Pattern> like) {
        List<Object[]> rows = new ArrayList<>();
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        dev.weir.planner.validate.WeirOperatorTable.instance()
                .getOperatorList()
                .forEach(
                        op -> {
                            String name = op.getName();
                            if (!name.isEmpty()
                                    && Character.isLetter(name.charAt(0))
                                    && !name.contains(" ")) {
                                names.add(name);
                            }
                        });
        for (String name : names) {
            if (like.isEmpty() || like.get().matcher(name).matches()) {
                rows.add(new Object[] {name});
            }
        }
        return new StatementResult.Rows(List.of(ResultColumn.varchar("name")), rows);
    }

    private StatementResult describe(SqlDescribeObject describe) {
        String name = DdlTranslator.simpleName(describe.name());
        CatalogObject object =
                context.catalog()
                        .find(name)
                        .orElseThrow(
                                () ->
                                        Errors.tableNotFound(
                                                Optional.of(
                                                        Positions.of(
                                                                describe.name()
                                                                        .getParserPosition())),
                                                name));
        List<Object[]> rows = new ArrayList<>();
        for (ColumnDef c : object.queryColumns()) {
            String extra = "";
            if (object instanceof StreamDef s && c.name().equals(s.procTimeColumn())) {
                extra = "AS PROCTIME()";
            }
            if (object instanceof StreamDef s && c.name().equals(s.watermarkColumn())) {
                extra =
                        "WATERMARK AS "
                                + c.name()
                                + " - INTERVAL '"
                                + s.watermarkDelayMillis() / 1000.0
                                + "' SECOND";
            }
            if (object instanceof TableDef t && t.primaryKey().contains(c.name())
                    || object instanceof dev.weir.planner.catalog.MaterializedViewDef v
                            && v.key().contains(c.name())) {
                extra = "PRIMARY KEY";
            }
            rows.add(new Object[] {c.name(), ResultColumn.sqlTypeOf(c), c.nullable(), extra});
        }
        return new StatementResult.Rows(
                List.of(
                        ResultColumn.varchar("column"),
                        ResultColumn.varchar("type"),
                        new ResultColumn("nullable", "BOOLEAN", ValueType.BOOLEAN, false, -1, -1),
                        ResultColumn.varchar("extra")),
                rows);
    }

    private StatementResult explain(SqlExplainQuery explain) {
        SqlNode explained = explain.explained();
        String text;
        if (explained instanceof SqlInsert insert) {
            new Planner(context.catalog()).insertValues(insert);
            text = "Append(stream=[" + insert.getTargetTable() + "])\n  Values\n";
        } else {
            text = new Planner(context.catalog()).planQuery(explained).graph().explain();
        }
        List<Object[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            rows.add(new Object[] {line});
        }
        return new StatementResult.Rows(List.of(ResultColumn.varchar("plan")), rows);
    }

    private static Pattern likeToRegex(String like) {
        StringBuilder regex = new StringBuilder("(?i)");
        for (char ch : like.toCharArray()) {
            switch (ch) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
