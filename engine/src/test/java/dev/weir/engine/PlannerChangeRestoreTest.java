package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static dev.weir.engine.EngineResults.showQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.parser.WeirParser;
import dev.weir.plan.JobGraph;
import dev.weir.plan.PlanState;
import dev.weir.planner.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint is matched with the plan restoring it on the state of its operators, not on the
 * whole plan: written by one planner, it is restored by another that plans the same view with other
 * nodes without state, and discarded (the view rebuilt from its sources) when an operator's state
 * differs.
 *
 * <p>A test cannot swap the planner, so it swaps the definition: the crashed data directory's
 * catalog entry and the checkpoints' manifests get the same new SQL, which the planner plans as the
 * other planner would have planned the old one. Reading the stream through a plain view adds a
 * projection below the window aggregate (every node id after it shifts); a 20-second window changes
 * the aggregate's state.
 */
class PlannerChangeRestoreTest {
    private static final String SCHEMA =
            "CREATE STREAM bid (auction BIGINT NOT NULL, price BIGINT NOT NULL, bidtime"
                    + " TIMESTAMP(3) NOT NULL, WATERMARK FOR bidtime AS bidtime - INTERVAL '1'"
                    + " SECOND);"
                    + "CREATE VIEW bids AS SELECT price, auction, bidtime FROM bid;";

    private static final String TOTALS =
            "SELECT auction, window_start, window_end, SUM(price) AS total, COUNT(*) AS n FROM"
                    + " TABLE(TUMBLE(TABLE %s, DESCRIPTOR(bidtime), INTERVAL '%d' SECOND)) GROUP"
                    + " BY auction, window_start, window_end";

    @TempDir Path dir;

    private static void insert(Engine engine, long auction, long price, int second) {
        engine.execute(
                "INSERT INTO bid VALUES ("
                        + auction
                        + ", "
                        + price
                        + ", TIMESTAMP '2026-01-01 08:00:00' + INTERVAL '"
                        + second
                        + "' SECOND)");
    }

    /**
     * The view {@code totals} over 10-second windows of {@code bid}, checkpointed after three
     * events; two more follow; then the data directory as a crash leaves it (no final checkpoint).
     */
    private Path crashAfterCheckpoint() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (Engine engine = Engine.open(dir.resolve("live"), FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS " + String.format(TOTALS, "bid", 10));
            insert(engine, 1, 10, 1);
            insert(engine, 2, 20, 2);
            insert(engine, 1, 5, 12);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 1, 7, 13);
            insert(engine, 2, 1, 25);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            DataDirectories.crashCopy(dir.resolve("live"), crashed);
        }
        return crashed;
    }

    /** Replaces {@code from} by {@code to} in the catalog and in every checkpoint's manifest. */
    private static void redefine(Path dataDir, String from, String to) throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(dataDir.resolve("catalog.json"));
        try (Stream<Path> checkpoints = Files.list(dataDir.resolve("views/totals/checkpoints"))) {
            checkpoints.forEach(c -> files.add(c.resolve(CheckpointStore.MANIFEST)));
        }
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(text).as(file.toString()).contains(from);
            Files.writeString(file, text.replace(from, to));
        }
    }

    private static JobGraph plan(Engine engine, String sql) {
        return new Planner(engine.catalog()).planQuery(WeirParser.parseStatement(sql)).graph();
    }

    @Test
    void aCheckpointIsRestoredByAPlanThatDiffersOnlyInNodesWithoutState() throws Exception {
        Path crashed = crashAfterCheckpoint();
        redefine(crashed, "TABLE \\\"bid\\\"", "TABLE \\\"bids\\\"");
        Path checkpoint = crashed.resolve("views/totals/checkpoints/chk-000000001");
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            // The two definitions plan differently: a node more, the aggregate's id shifted...
            JobGraph before = plan(engine, String.format(TOTALS, "bid", 10));
            JobGraph after = plan(engine, String.format(TOTALS, "bids", 10));
            assertThat(after.nodes()).hasSize(before.nodes().size() + 1);
            assertThat(PlanState.of(after).slots().get(1).node())
                    .isEqualTo(PlanState.of(before).slots().get(1).node() + 1);
            // ... with the same state, so the checkpoint is restored and only what followed it
            // is read again.
            assertThat(PlanState.of(after).restoreProblem(PlanState.of(before))).isEmpty();
            assertThat(log.messages()).noneMatch(m -> m.contains("Skipping the checkpoint"));
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "INFO Materialized view 'totals' restored"
                                                            + " from "
                                                            + checkpoint
                                                            + " restore took "));
            assertThat(showQuery(engine, "mv_totals").get("catch_up_rows")).isEqualTo(2L);
            assertThat(
                            rows(
                                    engine,
                                    "SELECT auction, total, n FROM totals ORDER BY window_start,"
                                            + " auction"))
                    .containsExactly("[1, 10, 1]", "[2, 20, 1]", "[1, 12, 2]", "[2, 1, 1]");
            insert(engine, 2, 4, 21);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(
                            rows(
                                    engine,
                                    "SELECT total, n FROM totals WHERE auction = 2 AND"
                                            + " window_start = TIMESTAMP '2026-01-01 08:00:20'"))
                    .containsExactly("[5, 2]");
        }
    }

    @Test
    void aCheckpointIsDiscardedWhenAnOperatorsStateDiffers() throws Exception {
        Path crashed = crashAfterCheckpoint();
        redefine(crashed, "INTERVAL '10' SECOND", "INTERVAL '20' SECOND");
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith("WARNING Skipping the checkpoint ")
                                            .contains(
                                                    ": its state belongs to another plan of the"
                                                            + " query (slot 1 ('window_aggregate')"
                                                            + " has the layout"
                                                            + " 'window=TUMBLE(size=10000ms,"
                                                            + " offset=0ms), keys=[BIGINT],"
                                                            + " calls=[SUM(BIGINT) -> BIGINT,"
                                                            + " COUNT(*) -> BIGINT], emit=every"
                                                            + " change, allowedLateness=0ms' in"
                                                            + " the checkpoint but"
                                                            + " 'window=TUMBLE(size=20000ms,"))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "INFO Materialized view 'totals' has no usable"
                                                            + " checkpoint: rebuilding from its"
                                                            + " sources;"));
            assertThat(showQuery(engine, "mv_totals").get("catch_up_rows")).isEqualTo(5L);
            assertThat(
                            rows(
                                    engine,
                                    "SELECT auction, total, n FROM totals ORDER BY window_start,"
                                            + " auction"))
                    .containsExactly("[1, 22, 3]", "[2, 20, 1]", "[2, 1, 1]");
        }
    }

    @Test
    void aCheckpointOfAnEarlierReleaseWithAWholePlanFingerprintIsRebuiltNotMisread()
            throws Exception {
        Path crashed = crashAfterCheckpoint();
        try (Stream<Path> checkpoints = Files.list(crashed.resolve("views/totals/checkpoints"))) {
            for (Path c : checkpoints.toList()) {
                // What the release before per-operator states wrote: format 1, a plan hash.
                Path manifest = c.resolve(CheckpointStore.MANIFEST);
                String text = Files.readString(manifest);
                String old =
                        text.replace("\"format\" : 2", "\"format\" : 1")
                                .replaceFirst(
                                        "(?s)\"state\" : \\{.*?\n  \\},",
                                        "\"plan\" : \"7d143ce66c3fddd64cf68ca2adcf8dd13810e8e6ab98"
                                                + "fb4d55b9233c35f95c06\",");
                assertThat(old).contains("\"format\" : 1").doesNotContain("\"state\"");
                Files.writeString(manifest, old);
            }
        }
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith("WARNING Skipping the checkpoint ")
                                            .endsWith(
                                                    " of the materialized view 'totals': it was"
                                                            + " written by an earlier release,"
                                                            + " which recorded a fingerprint of"
                                                            + " the whole plan instead of the"
                                                            + " state of each operator, so its"
                                                            + " state cannot be matched with this"
                                                            + " plan's operators. Falling back to"
                                                            + " an older one, or to rebuilding"
                                                            + " from the sources."));
            assertThat(showQuery(engine, "mv_totals").get("catch_up_rows")).isEqualTo(5L);
            assertThat(
                            rows(
                                    engine,
                                    "SELECT auction, total, n FROM totals ORDER BY window_start,"
                                            + " auction"))
                    .containsExactly("[1, 10, 1]", "[2, 20, 1]", "[1, 12, 2]", "[2, 1, 1]");
        }
    }
}
