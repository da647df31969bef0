package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.planner.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash at any point of CREATE / DROP MATERIALIZED VIEW, CREATE / DROP STREAM and starting or
 * cancelling an INSERT ... SELECT leaves a data directory the next start makes consistent by
 * itself. The catalog (and queries.json) is the commit point: files are created before their entry
 * and deleted after it, so a crash leaves at worst files with no entry. Each test builds on disk
 * what a crash on the far side of the commit point leaves.
 */
class HalfDoneStatementsTest {
    private static final String TOTALS =
            "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n FROM ev GROUP BY k";

    @TempDir Path dir;

    private static List<String> queryIds(Engine engine) {
        return rows(engine, "SHOW QUERIES").stream()
                .map(r -> r.substring(1, r.indexOf(',')))
                .toList();
    }

    private Engine open() {
        return Engine.open(dir, FsyncPolicy.ALWAYS, 0);
    }

    private void createStreamViewAndQuery() throws Exception {
        try (Engine engine = open()) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL);"
                            + "INSERT INTO ev VALUES (1), (2), (2);"
                            + TOTALS
                            + ";"
                            + "CREATE STREAM copy (k BIGINT NOT NULL);"
                            + "INSERT INTO copy SELECT k FROM ev;");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1);
        }
        assertThat(dir.resolve("views/totals/checkpoints")).isDirectory();
        assertThat(dir.resolve("queries/insert_1/checkpoints")).isDirectory();
    }

    @Test
    void aViewWhoseFilesOutliveItsCatalogEntryIsDeletedOnStart() throws Exception {
        createStreamViewAndQuery();
        // DROP MATERIALIZED VIEW committed (the entry is gone), then a crash while its files
        // were being deleted. A CREATE cut short before its entry was written leaves the same.
        Catalog.open(dir.resolve("catalog.json")).remove("totals");
        Path checkpoints = dir.resolve("views/totals/checkpoints");
        Files.delete(checkpoints.resolve("chk-000000002").resolve(CheckpointStore.MANIFEST));
        try (LogCapture log = new LogCapture();
                Engine engine = open()) {
            assertThat(dir.resolve("views")).isEmptyDirectory();
            assertThat(log.messages())
                    .contains(
                            "WARNING Deleted "
                                    + dir.resolve("views/totals")
                                    + ": the state of a materialized view that is not (or no"
                                    + " longer) defined, left by a statement a crash cut short.");
            assertThat(rows(engine, "SHOW MATERIALIZED VIEWS")).isEmpty();
            assertThat(queryIds(engine)).containsExactly("insert_1");
            // The name is free, and a view created under it starts from its sources.
            engine.execute(TOTALS);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .containsExactly("[1, 1]", "[2, 2]");
        }
    }

    @Test
    void aStreamWhoseLogOutlivesItsCatalogEntryIsDeletedAndNeverAdopted() throws Exception {
        try (Engine engine = open()) {
            engine.executeScript(
                    "CREATE STREAM gone (k BIGINT NOT NULL); INSERT INTO gone VALUES (7), (8);");
        }
        // DROP STREAM committed, then a crash before the log was deleted.
        Catalog.open(dir.resolve("catalog.json")).remove("gone");
        assertThat(dir.resolve("streams/gone")).isDirectory();
        try (Engine engine = open()) {
            assertThat(dir.resolve("streams/gone")).doesNotExist();
            engine.execute("CREATE STREAM gone (k BIGINT NOT NULL)");
            assertThat(rows(engine, "SELECT k FROM gone")).isEmpty();
        }
    }

    @Test
    void aNewStreamNeverAdoptsTheLogOfAnEarlierOneOfItsName() throws Exception {
        try (Engine engine = open()) {
            engine.executeScript(
                    "CREATE STREAM a (k BIGINT NOT NULL); INSERT INTO a VALUES (7), (8);");
            // A log left where a stream 'b' would keep its events, with no catalog entry: what a
            // DROP STREAM b leaves when deleting its files fails while the server runs on.
            Path leftover = Files.createDirectories(dir.resolve("streams/b"));
            try (var files = Files.list(dir.resolve("streams/a"))) {
                for (Path segment : files.toList()) {
                    Files.copy(segment, leftover.resolve(segment.getFileName()));
                }
            }
            engine.execute("CREATE STREAM b (k BIGINT NOT NULL)");
            assertThat(rows(engine, "SELECT k FROM b")).isEmpty();
            engine.execute("CREATE STREAM IF NOT EXISTS a (k BIGINT NOT NULL)");
            assertThat(rows(engine, "SELECT k FROM a")).containsExactly("[7]", "[8]");
        }
    }

    @Test
    void aQueryWhoseFilesOutliveItsEntryIsDeletedAndItsStreamKeepsWhatItAppended()
            throws Exception {
        createStreamViewAndQuery();
        // CANCEL QUERY committed (queries.json rewritten without it), then a crash before its
        // files were deleted. A start cut short before its entry was written leaves the same.
        Files.writeString(dir.resolve("queries/queries.json"), "{\"format\": 1, \"queries\": []}");
        Files.createDirectories(dir.resolve("queries/insert_9/state"));
        try (Engine engine = open()) {
            assertThat(DataDirectories.tree(dir.resolve("queries")))
                    .containsExactly("queries.json");
            assertThat(queryIds(engine)).containsExactly("mv_totals");
            assertThat(rows(engine, "SELECT k FROM copy")).containsExactly("[1]", "[2]", "[2]");
        }
    }

    @Test
    void theStateOfContinuousQueriesAndHalfWrittenFilesAreDeletedOnStart() throws Exception {
        createStreamViewAndQuery();
        Files.writeString(
                Files.createDirectories(dir.resolve("state/q7-123456")).resolve("000004.sst"),
                "state of a continuous query the crash ended");
        Files.writeString(dir.resolve("catalog.json.tmp"), "{\"version\": 1, \"obj");
        Files.createDirectories(dir.resolve("views/totals/checkpoints/chk-000000003.inprogress"));
        try (Engine engine = open()) {
            assertThat(dir.resolve("state")).isEmptyDirectory();
            assertThat(dir.resolve("catalog.json.tmp")).doesNotExist();
            assertThat(DataDirectories.tree(dir.resolve("views/totals/checkpoints")))
                    .noneMatch(p -> p.contains("inprogress"));
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .containsExactly("[1, 1]", "[2, 2]");
        }
    }

    @Test
    void aCatalogThatCannotBeWrittenFailsTheStatementAndChangesNothing() throws Exception {
        try (Engine engine = open()) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL); INSERT INTO ev VALUES (1);");
            // Writing the catalog fails (a directory stands where its temporary file goes).
            Path blocker = Files.createDirectories(dir.resolve("catalog.json.tmp"));
            Files.writeString(blocker.resolve("keep"), "");
            for (String statement :
                    List.of(TOTALS, "CREATE STREAM more (k BIGINT)", "DROP STREAM ev")) {
                assertThatThrownBy(() -> engine.execute(statement))
                        .as(statement)
                        .isInstanceOfSatisfying(
                                WeirException.class,
                                e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL);
                                    assertThat(e.getMessage())
                                            .startsWith(
                                                    "Cannot write the catalog file '"
                                                            + dir.resolve("catalog.json")
                                                            + "': ")
                                            .endsWith(
                                                    "The statement changed nothing. Free disk"
                                                            + " space (or fix the file system)"
                                                            + " and try again.");
                                });
            }
            assertThat(rows(engine, "SHOW STREAMS")).hasSize(1);
            assertThat(rows(engine, "SHOW MATERIALIZED VIEWS")).isEmpty();
            assertThat(queryIds(engine)).isEmpty();
            assertThat(dir.resolve("views")).isEmptyDirectory();
            assertThat(rows(engine, "SELECT k FROM ev")).containsExactly("[1]");
            Files.delete(blocker.resolve("keep"));
            Files.delete(blocker);
            engine.execute(TOTALS);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM totals")).containsExactly("[1, 1]");
        }
    }
}
