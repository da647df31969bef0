package dev.weir.sqltests.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.flink.source.FlinkSources;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.plan.ExecNode;
import dev.weir.server.flink.FlinkQueryRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Materialized views on the Flink runner (an in-process MiniCluster, parallelism 2): the view's job
 * runs on Flink with checkpoints, its changes come back into the view's rows; what a reader reads
 * equals the local runner's view over the same file, row for row, and a direct computation of the
 * same aggregate; also when a task fails mid-stream (Flink restores its last checkpoint and its
 * collect sink hands out each change once) and across a restart of the engine (the job submitted
 * again, the rows rebuilt from empty).
 */
class FlinkMaterializedViewTest {
    /** Set by the failing map once it has failed: once per run, across the job's restarts. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private static final int ROWS = 6_000;
    private static final int ITEMS = 13;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static final String TOTALS =
            "CREATE MATERIALIZED VIEW totals AS SELECT item, COUNT(*) AS n, SUM(price) AS total"
                    + " FROM bids GROUP BY item";
    private static final String WINDOWS =
            "CREATE MATERIALIZED VIEW windows AS SELECT item, window_start, COUNT(*) AS n,"
                    + " MAX(price) AS top FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL"
                    + " '5' SECOND)) GROUP BY item, window_start, window_end";
    private static final String READ_TOTALS = "SELECT * FROM totals ORDER BY item";
    private static final String READ_WINDOWS = "SELECT * FROM windows ORDER BY item, window_start";

    @TempDir static Path dir;
    private static Path bids;
    private static FlinkQueryRunner flink;
    private static FlinkQueryRunner failingFlink;
    private static Map<String, long[]> direct;
    private static List<String> localTotals;
    private static List<String> localWindows;

    @BeforeAll
    static void start() throws Exception {
        bids = dir.resolve("bids.csv");
        StringBuilder csv = new StringBuilder();
        direct = new TreeMap<>();
        LocalDateTime base = LocalDateTime.of(2026, 1, 1, 10, 0);
        for (int i = 0; i < ROWS; i++) {
            // Mostly in order, every 37th row 4 s back: late for the 5 s windows it falls in
            // once the watermark (1 s behind) has passed them.
            long millis = i * 10L - (i % 37 == 0 ? 4_000 : 0);
            String item = "item" + (i * 7 % ITEMS);
            int price = (i * 31) % 101;
            csv.append(base.plusNanos(Math.max(0, millis) * 1_000_000).format(TIME))
                    .append(',')
                    .append(item)
                    .append(',')
                    .append(price)
                    .append('\n');
            long[] t = direct.computeIfAbsent(item, k -> new long[2]);
            t[0]++;
            t[1] += price;
        }
        Files.writeString(bids, csv);
        flink = FlinkQueryRunner.local(2);
        failingFlink = FlinkQueryRunner.local(2, 50, new FailingSources(ROWS / 2));
        try (Engine local = Engine.inMemory()) {
            createViews(local);
            assertThat(local.awaitViewsCaughtUp(60_000)).isTrue();
            localTotals = rows(local, READ_TOTALS);
            localWindows = rows(local, READ_WINDOWS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        flink.close();
        failingFlink.close();
    }

    private static void createViews(Engine engine) {
        engine.execute(
                "CREATE STREAM bids (ts TIMESTAMP(3), item VARCHAR, price INT, WATERMARK FOR ts AS"
                        + " ts - INTERVAL '1' SECOND) WITH ('connector' = 'file', 'path' = '"
                        + bids
                        + "', 'format' = 'csv')");
        engine.execute(TOTALS);
        engine.execute(WINDOWS);
    }

    private static List<String> rows(Engine engine, String sql) {
        StatementResult.Rows result = (StatementResult.Rows) engine.execute(sql);
        List<String> rows = new ArrayList<>();
        for (Object[] row : result.rows()) {
            rows.add(Arrays.toString(row));
        }
        return rows;
    }

    /** The direct computation of {@code totals}: count and sum of price per item. */
    private static List<String> directTotals() {
        List<String> rows = new ArrayList<>();
        direct.forEach((item, t) -> rows.add("[" + item + ", " + t[0] + ", " + t[1] + "]"));
        return rows;
    }

    private static final long BUSY_TOTAL = 23_000;
    private static final String READ_BUSY = "SELECT * FROM busy ORDER BY item";

    /** The direct computation of {@code busy}: the items whose prices sum above BUSY_TOTAL. */
    private static List<String> directBusy() {
        List<String> rows = new ArrayList<>();
        direct.forEach(
                (item, t) -> {
                    if (t[1] > BUSY_TOTAL) {
                        rows.add("[" + item + ", " + t[0] + "]");
                    }
                });
        return rows;
    }

    /** SHOW QUERIES' runner, Flink job id and state of a view's query. */
    private static List<String> query(Engine engine, String id) {
        for (String row :
                rows(
                        engine,
                        "SELECT runner, runner_job_id, state FROM sys.queries WHERE id = '"
                                + id
                                + "'")) {
            return List.of(row.substring(1, row.length() - 1).split(", "));
        }
        return List.of();
    }

    @Test
    void viewsOnFlinkHoldTheLocalRunnersRows() throws Exception {
        assertThat(localTotals).isEqualTo(directTotals());
        assertThat(localWindows).hasSizeGreaterThan(ITEMS * 10);
        try (Engine engine = Engine.inMemory().runMaterializedViewsOn(flink)) {
            createViews(engine);
            List<String> totals = query(engine, "mv_totals");
            assertThat(totals.get(0)).isEqualTo("flink");
            assertThat(totals.get(1)).matches("[0-9a-f]{32}");
            assertThat(query(engine, "mv_windows").get(0)).isEqualTo("flink");
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(query(engine, "mv_totals").get(2)).isEqualTo("FINISHED");
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(rows(engine, READ_WINDOWS)).isEqualTo(localWindows);
            assertThat(rows(engine, "SELECT n, total FROM totals WHERE item = 'item3'"))
                    .containsExactly(
                            "[" + direct.get("item3")[0] + ", " + direct.get("item3")[1] + "]");
            assertThat(jobState(flink, totals.get(1))).isEqualTo("FINISHED");
        }
    }

    /** At parallelism 1 and 4 too (its own MiniCluster each): the same rows. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void viewsOnFlinkHoldTheLocalRunnersRowsAtOtherParallelisms(int parallelism) throws Exception {
        try (FlinkQueryRunner runner = FlinkQueryRunner.local(parallelism);
                Engine engine = Engine.inMemory().runMaterializedViewsOn(runner)) {
            createViews(engine);
            assertThat(query(engine, "mv_totals").get(0)).isEqualTo("flink");
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(rows(engine, READ_WINDOWS)).isEqualTo(localWindows);
        }
    }

    @Test
    void aTaskFailureRestoresFromFlinksCheckpointAndTheViewEndsExactlyOnce() throws Exception {
        FAILED.set(false);
        try (Engine engine = Engine.inMemory().runMaterializedViewsOn(failingFlink)) {
            createViews(engine);
            assertThat(engine.awaitViewsCaughtUp(300_000)).isTrue();
            assertThat(FAILED).as("the injected failure happened").isTrue();
            assertThat(query(engine, "mv_totals").get(2)).isEqualTo("FINISHED");
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(rows(engine, READ_WINDOWS)).isEqualTo(localWindows);
        }
    }

    @Test
    void aRestartSubmitsTheViewAgainAndRebuildsItsRows() throws Exception {
        Path data = dir.resolve("data");
        String firstJob;
        try (Engine engine = Engine.open(data, FsyncPolicy.ALWAYS, 0, flink)) {
            createViews(engine);
            // A view over a view is planned over the other view's definition (its sources are
            // the file): it runs on Flink too.
            engine.execute(
                    "CREATE MATERIALIZED VIEW busy AS SELECT item, n FROM totals WHERE total > "
                            + BUSY_TOTAL);
            assertThat(query(engine, "mv_busy").get(0)).isEqualTo("flink");
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            firstJob = query(engine, "mv_totals").get(1);
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_BUSY)).isEqualTo(directBusy());
        }
        try (Engine engine = Engine.open(data, FsyncPolicy.ALWAYS, 0, flink)) {
            List<String> totals = query(engine, "mv_totals");
            assertThat(totals.get(0)).isEqualTo("flink");
            assertThat(totals.get(1)).isNotEqualTo(firstJob);
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(rows(engine, READ_WINDOWS)).isEqualTo(localWindows);
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_BUSY)).isEqualTo(directBusy());
        }
        // Without the Flink runner the views run locally: no checkpoint of theirs, so they are
        // rebuilt from their sources, to the same rows.
        try (Engine engine = Engine.open(data, FsyncPolicy.ALWAYS, 0)) {
            assertThat(query(engine, "mv_totals").get(0)).isEqualTo("local");
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            assertThat(rows(engine, READ_WINDOWS)).isEqualTo(localWindows);
        }
    }

    @Test
    void droppingTheViewCancelsItsFlinkJob() throws Exception {
        try (FlinkQueryRunner slow = FlinkQueryRunner.local(1, 1_000, new FailingSources(-1));
                Engine engine = Engine.inMemory().runMaterializedViewsOn(slow)) {
            createViews(engine);
            String job = query(engine, "mv_totals").get(1);
            assertThat(awaitJobState(slow, job, "RUNNING")).isEqualTo("RUNNING");
            engine.execute("DROP MATERIALIZED VIEW totals");
            assertThat(query(engine, "mv_totals")).isEmpty();
            assertThat(awaitJobState(slow, job, "CANCELED")).isEqualTo("CANCELED");
        }
    }

    /**
     * A client subscribed to a view on Flink while its job runs (slowly, a row a millisecond)
     * receives its rows and then every change, retractions included, as the view's checkpoints
     * complete: folded, they are the local runner's rows.
     */
    @Test
    void subscribersReceiveTheViewsChangesAsFlinkCheckpointsComplete() throws Exception {
        try (FlinkQueryRunner slow = FlinkQueryRunner.local(2, 200, new FailingSources(-1));
                Engine engine = Engine.inMemory().runMaterializedViewsOn(slow)) {
            createViews(engine);
            StatementResult.Continuous c =
                    (StatementResult.Continuous)
                            engine.execute("SELECT item, n, total FROM totals EMIT STREAM");
            List<String> folded = new ArrayList<>();
            int retractions = 0;
            while (!sorted(folded).equals(localTotals)) {
                Object[] row = c.query().next(60, TimeUnit.SECONDS).orElseThrow();
                String values = Arrays.toString(Arrays.copyOf(row, 3));
                if ((Boolean) row[3]) {
                    assertThat(folded.remove(values))
                            .as("retracts a row it had: " + values)
                            .isTrue();
                    retractions++;
                } else {
                    folded.add(values);
                }
            }
            assertThat(retractions).isPositive();
            assertThat(engine.awaitViewsCaughtUp(120_000)).isTrue();
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
            c.query().cancel();
        }
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }

    /**
     * A Weir error raised on Flink (a division by zero, at every restart) fails the view for good
     * once Flink's restarts are spent: SHOW QUERIES says FAILED with the error, and readers get the
     * error's own code, as from the same view on the local runner.
     */
    @Test
    void aViewWhoseJobFailsOnFlinkIsRefusedToReadersWithTheErrorsCode() throws Exception {
        String view =
                "CREATE MATERIALIZED VIEW broken AS SELECT item, SUM(100 / (price - price)) AS x"
                        + " FROM bids GROUP BY item";
        try (Engine local = Engine.inMemory();
                Engine engine = Engine.inMemory().runMaterializedViewsOn(flink)) {
            for (Engine e : List.of(local, engine)) {
                createViews(e);
                e.execute(view);
                assertThat(e.awaitViewsCaughtUp(120_000)).isTrue();
            }
            assertThat(query(engine, "mv_broken").subList(0, 1)).containsExactly("flink");
            assertThat(query(engine, "mv_broken").get(2)).isEqualTo("FAILED");
            assertThat(query(local, "mv_broken").get(2)).isEqualTo("FAILED");
            assertThat(rows(engine, "SELECT error FROM sys.queries WHERE id = 'mv_broken'").get(0))
                    .containsIgnoringCase("zero");
            for (Engine e : List.of(local, engine)) {
                assertThatThrownBy(() -> e.execute("SELECT * FROM broken"))
                        .isInstanceOf(WeirException.class)
                        .extracting(t -> ((WeirException) t).code())
                        .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
            }
            // The other views on Flink are untouched by its failure.
            assertThat(rows(engine, READ_TOTALS)).isEqualTo(localTotals);
        }
    }

    @Test
    void aViewFlinkCannotRunRunsLocally() throws Exception {
        try (Engine engine = Engine.inMemory().runMaterializedViewsOn(flink)) {
            engine.execute("CREATE STREAM notes (item VARCHAR, price INT)");
            engine.execute(
                    "CREATE MATERIALIZED VIEW note_totals AS SELECT item, SUM(price) AS total FROM"
                            + " notes GROUP BY item");
            engine.execute("INSERT INTO notes VALUES ('a', 1), ('b', 2), ('a', 3)");
            assertThat(query(engine, "mv_note_totals").get(0)).isEqualTo("local");
            assertThat(engine.awaitViewsCaughtUp(30_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM note_totals ORDER BY item"))
                    .containsExactly("[a, 4]", "[b, 2]");
        }
    }

    /**
     * A view Flink cannot run keeps its local checkpoints under the Flink runner: a restart
     * restores it from its newest one (the runner's attempt must not delete them first).
     */
    @Test
    void aViewFlinkCannotRunIsRestoredFromItsCheckpointAfterARestart() throws Exception {
        Path data = dir.resolve("local-view-data");
        try (Engine engine = Engine.open(data, FsyncPolicy.ALWAYS, 0, flink)) {
            engine.execute("CREATE STREAM notes (item VARCHAR, price INT)");
            engine.execute(
                    "CREATE MATERIALIZED VIEW note_totals AS SELECT item, SUM(price) AS total FROM"
                            + " notes GROUP BY item");
            engine.execute("INSERT INTO notes VALUES ('a', 1), ('b', 2), ('a', 3)");
            assertThat(query(engine, "mv_note_totals").get(0)).isEqualTo("local");
            assertThat(engine.awaitViewsCaughtUp(30_000)).isTrue();
        }
        try (Engine engine = Engine.open(data, FsyncPolicy.ALWAYS, 0, flink)) {
            assertThat(query(engine, "mv_note_totals").get(0)).isEqualTo("local");
            assertThat(engine.awaitViewsCaughtUp(30_000)).isTrue();
            // From its checkpoint there is nothing to replay; rebuilt, it would read 3 events.
            assertThat(
                            rows(
                                    engine,
                                    "SELECT catch_up_rows FROM sys.queries WHERE id ="
                                            + " 'mv_note_totals'"))
                    .as("restored from a checkpoint, not rebuilt")
                    .containsExactly("[0]");
            engine.execute("INSERT INTO notes VALUES ('b', 5)");
            assertThat(engine.awaitViewsCaughtUp(30_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM note_totals ORDER BY item"))
                    .containsExactly("[a, 4]", "[b, 7]");
        }
    }

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    /** The job's state as Flink's REST API gives it. */
    private static String jobState(FlinkQueryRunner runner, String jobId) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://"
                                                                + runner.restAddress()
                                                                + "/jobs/"
                                                                + jobId))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        Matcher m = STATE.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private static String awaitJobState(FlinkQueryRunner runner, String jobId, String wanted)
            throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String state = jobState(runner, jobId);
        while (!state.equals(wanted) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            state = jobState(runner, jobId);
        }
        return state;
    }

    /**
     * The file streams, with a map after each that fails once past {@code after} rows (see {@link
     * FailOnce}); a negative {@code after}: a map that never fails but passes a row a millisecond.
     */
    private record FailingSources(long after) implements FlinkSources {
        @Override
        public DataStream<Change> open(
                StreamExecutionEnvironment env,
                ExecNode.Source source,
                WatermarkStrategy<Change> watermarks) {
            DataStream<Change> in = FlinkSources.connectors().open(env, source, watermarks);
            return in.map(new FailOnce(after))
                    .returns(ChangeTypeInfo.INSTANCE)
                    .setParallelism(in.getParallelism())
                    .name("fail-once")
                    .uid("fail-once-n" + source.id());
        }
    }

    /**
     * Passes rows on, slowly enough for checkpoints to happen; throws once, at the first row past
     * {@code after} rows once a checkpoint has completed (so Flink restores that checkpoint, not
     * the job's beginning).
     */
    private static final class FailOnce extends RichMapFunction<Change, Change>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;

        private final long after;
        private transient long seen;
        private transient volatile boolean checkpointed;

        FailOnce(long after) {
            this.after = after;
        }

        @Override
        public void open(OpenContext context) {
            seen = 0;
            checkpointed = false;
        }

        @Override
        public Change map(Change change) throws Exception {
            seen++;
            if (after < 0) {
                Thread.sleep(1);
                return change;
            }
            if (seen % 10 == 0) {
                Thread.sleep(1);
            }
            if (seen >= after && !checkpointed && !FAILED.get()) {
                Thread.sleep(5); // give a checkpoint time to complete before the end
            }
            if (seen >= after && checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + seen + " rows");
            }
            return change;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
