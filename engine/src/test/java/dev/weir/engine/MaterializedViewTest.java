package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializedViewTest {
    private static final String SCHEMA =
            "CREATE STREAM bid (auction BIGINT NOT NULL, price BIGINT NOT NULL, bidtime TIMESTAMP"
                    + " NOT NULL, WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND);";

    @TempDir Path dir;

    private static List<String> rows(Engine engine, String sql) {
        StatementResult.Rows result = (StatementResult.Rows) engine.execute(sql);
        List<String> rows = new ArrayList<>();
        for (Object[] row : result.rows()) {
            rows.add(Arrays.toString(row));
        }
        return rows;
    }

    private static void insert(Engine engine, long auction, long price, int second)
            throws InterruptedException {
        engine.execute(
                "INSERT INTO bid VALUES ("
                        + auction
                        + ", "
                        + price
                        + ", TIMESTAMP '2026-01-01 08:00:00' + INTERVAL '"
                        + second
                        + "' SECOND)");
    }

    @Test
    void groupByViewIsMaintainedReadAndSurvivesARestart() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            insert(engine, 1, 10, 1);
            insert(engine, 2, 20, 2);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT auction, COUNT(*) AS n, SUM(price)"
                            + " AS total FROM bid GROUP BY auction");
            insert(engine, 1, 5, 3);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY auction"))
                    .containsExactly("[1, 2, 15]", "[2, 1, 20]");
            assertThat(rows(engine, "SELECT total FROM totals WHERE auction = 2"))
                    .containsExactly("[20]");
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 2, 7, 4); // after the checkpoint: replayed on restart
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
        }
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY auction"))
                    .containsExactly("[1, 2, 15]", "[2, 2, 27]");
            insert(engine, 3, 1, 5);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT COUNT(*), SUM(total) FROM totals"))
                    .containsExactly("[3, 43]");
        }
    }

    @Test
    void subscribingPushesTheContentsThenEveryChange() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            engine.executeScript(SCHEMA);
            insert(engine, 1, 10, 1);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT auction, SUM(price) AS total FROM"
                            + " bid GROUP BY auction");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            StatementResult.Continuous c =
                    (StatementResult.Continuous)
                            engine.execute("SELECT auction, total FROM totals EMIT STREAM");
            assertThat(next(c)).isEqualTo("[1, 10, false, 0]");
            insert(engine, 1, 5, 2);
            assertThat(next(c)).isEqualTo("[1, 10, true, 1]");
            assertThat(next(c)).isEqualTo("[1, 15, false, 2]");
            StatementResult.Continuous changesOnly =
                    (StatementResult.Continuous)
                            engine.execute(
                                    "SELECT auction, total FROM totals EMIT STREAM WITH"
                                            + " (SNAPSHOT = FALSE)");
            insert(engine, 2, 1, 3);
            assertThat(next(changesOnly)).isEqualTo("[2, 1, false, 0]");
            assertThat(next(c)).isEqualTo("[2, 1, false, 0]");
        }
    }

    private static String next(StatementResult.Continuous c) throws InterruptedException {
        Object[] row = c.query().next(10, TimeUnit.SECONDS).orElseThrow();
        Object[] withoutPtime = new Object[row.length - 1];
        System.arraycopy(row, 0, withoutPtime, 0, row.length - 2);
        withoutPtime[row.length - 2] = row[row.length - 1];
        return Arrays.toString(withoutPtime);
    }

    @Test
    void dropRefusesWhileAnotherObjectReadsAndCleansUp() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT auction, SUM(price) AS total FROM"
                            + " bid GROUP BY auction");
            engine.execute(
                    "CREATE MATERIALIZED VIEW big AS SELECT auction FROM totals WHERE total > 10");
            insert(engine, 1, 11, 1);
            insert(engine, 2, 3, 1);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM big")).containsExactly("[1]");
            assertThatThrownBy(() -> engine.execute("DROP MATERIALIZED VIEW totals"))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining(
                            "Cannot drop materialized view 'totals': materialized view 'big'"
                                    + " depends on it.")
                    .extracting(e -> ((WeirException) e).code())
                    .isEqualTo(ErrorCode.OBJECT_IN_USE);
            assertThatThrownBy(() -> engine.execute("CANCEL QUERY 'mv_totals'"))
                    .hasMessageContaining("DROP MATERIALIZED VIEW totals");
            engine.checkpoint();
            assertThat(Files.exists(dir.resolve("views/big/checkpoints"))).isTrue();
            engine.execute("DROP MATERIALIZED VIEW big");
            engine.execute("DROP MATERIALIZED VIEW totals");
            assertThat(Files.exists(dir.resolve("views/big"))).isFalse();
            assertThat(Files.exists(dir.resolve("views/totals"))).isFalse();
            assertThat(rows(engine, "SHOW QUERIES")).isEmpty();
            assertThat(engine.catalog().find("totals")).isEqualTo(Optional.empty());
        }
    }

    private void createTotalsWithTwoCheckpoints() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT auction, COUNT(*) AS n, SUM(price)"
                            + " AS total FROM bid GROUP BY auction");
            insert(engine, 1, 10, 1);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 2, 20, 2);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            // close() writes the newest checkpoint; the one above is kept as its fallback
        }
    }

    private List<Path> checkpointsNewestFirst() throws Exception {
        try (var list = Files.list(dir.resolve("views/totals/checkpoints"))) {
            return list.sorted(java.util.Comparator.reverseOrder()).toList();
        }
    }

    private void assertTotalsAfterRestart() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            insert(engine, 1, 5, 3);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY auction"))
                    .containsExactly("[1, 2, 15]", "[2, 1, 20]");
        }
    }

    @Test
    void aCheckpointWithADamagedManifestIsSkippedForTheOneBefore() throws Exception {
        createTotalsWithTwoCheckpoints();
        List<Path> checkpoints = checkpointsNewestFirst();
        assertThat(checkpoints).hasSize(2);
        Files.writeString(checkpoints.get(0).resolve("MANIFEST.json"), "{\"format\": 1, \"sour");
        assertTotalsAfterRestart();
    }

    @Test
    void aDamagedStateFileIsDetectedAndTheViewRecoveredWithoutIt() throws Exception {
        // RocksDB checkpoints hard-link the table files they share, so damaging one damages
        // both checkpoints: the view falls back past both and rebuilds from its sources.
        createTotalsWithTwoCheckpoints();
        Path state = checkpointsNewestFirst().get(0).resolve("state");
        List<Path> tables;
        try (var files = Files.list(state)) {
            tables = files.filter(p -> p.toString().endsWith(".sst")).toList();
        }
        assertThat(tables).isNotEmpty();
        for (Path table : tables) {
            byte[] bytes = Files.readAllBytes(table);
            for (int i = 0; i < Math.min(64, bytes.length); i++) {
                bytes[i] ^= (byte) 0x5a; // inside the first data block: its checksum fails
            }
            Files.write(table, bytes);
        }
        assertTotalsAfterRestart();
    }

    @Test
    void withEveryCheckpointDamagedTheViewIsRebuiltFromItsSources() throws Exception {
        createTotalsWithTwoCheckpoints();
        for (Path checkpoint : checkpointsNewestFirst()) {
            Files.delete(checkpoint.resolve("MANIFEST.json"));
        }
        assertTotalsAfterRestart();
    }

    @Test
    void aCheckpointOfAnotherPlanOfTheSameSqlIsNotReadAsThisOnes() throws Exception {
        createTotalsWithTwoCheckpoints();
        String layout = "keys=[BIGINT], calls=[COUNT(*) -> BIGINT, SUM(BIGINT) -> BIGINT]";
        // What an older release that summed into DECIMAL would have written for the same SQL.
        String older = "keys=[BIGINT], calls=[COUNT(*) -> BIGINT, SUM(BIGINT) -> DECIMAL(scale=0)]";
        for (Path checkpoint : checkpointsNewestFirst()) {
            Path manifest = checkpoint.resolve("MANIFEST.json");
            String text = Files.readString(manifest);
            assertThat(text).contains("\"layout\" : \"" + layout + "\"");
            Files.writeString(manifest, text.replace(layout, older));
        }
        try (LogCapture log = new LogCapture()) {
            assertTotalsAfterRestart(); // rebuilt from the sources, so still exact
            assertThat(log.messages())
                    .filteredOn(m -> m.contains("belongs to another plan of the query"))
                    .hasSize(2)
                    .allSatisfy(
                            m ->
                                    assertThat(m)
                                            .endsWith(
                                                    " of the materialized view 'totals': its state"
                                                            + " belongs to another plan of the"
                                                            + " query (slot 1 ('group_aggregate')"
                                                            + " has the layout '"
                                                            + older
                                                            + "' in the checkpoint but '"
                                                            + layout
                                                            + "' in this plan), so it cannot be"
                                                            + " read as this one's. Falling back"
                                                            + " to an older one, or to rebuilding"
                                                            + " from the sources."));
        }
    }

    @Test
    void aCheckpointFromANewerReleaseStopsTheStartWithTheFileNamed() throws Exception {
        createTotalsWithTwoCheckpoints();
        Path manifest = checkpointsNewestFirst().get(0).resolve("MANIFEST.json");
        Files.writeString(
                manifest,
                Files.readString(manifest).replaceFirst("\"format\" : 2", "\"format\" : 7"));
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOf(WeirException.class)
                .hasMessage(
                        "The file '"
                                + manifest
                                + "' has format 7, written by a newer release of Weir; this"
                                + " release reads checkpoint manifest formats 1 and 2. Start the Weir"
                                + " release that wrote it, or move the data directory aside to"
                                + " start afresh.")
                .extracting(e -> ((WeirException) e).code())
                .isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED);
    }

    @Test
    void aDamagedStreamLogStopsTheStartWithTheFileNamed() throws Exception {
        createTotalsWithTwoCheckpoints();
        Path segment;
        try (var files = Files.walk(dir.resolve("streams"))) {
            segment = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 3] ^= (byte) 0xff; // inside the first of two records, not a torn tail
        Files.write(segment, bytes);
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("is damaged at byte")
                .hasMessageContaining("Restore the directory from a backup")
                .extracting(e -> ((WeirException) e).code())
                .isEqualTo(ErrorCode.STATE_CORRUPTED);
    }

    @Test
    void aStreamLogCutShortBeforeWhatACheckpointReadStopsTheStart() throws Exception {
        Path segment = dir.resolve("streams/bid/00000000000000000000.log");
        long afterFirst;
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(
                    "CREATE MATERIALIZED VIEW totals AS SELECT auction, COUNT(*) AS n FROM bid"
                            + " GROUP BY auction");
            insert(engine, 1, 10, 1);
            afterFirst = Files.size(segment);
            insert(engine, 2, 20, 2);
            insert(engine, 3, 30, 3);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1); // it has read all three
        }
        // The last two appends lost, the file cut at a clean boundary: nothing in the log
        // itself shows it, but the checkpoint read past its end.
        try (var file = new java.io.RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(afterFirst);
        }
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOf(WeirException.class)
                .hasMessageStartingWith(
                        "A checkpoint resumes reading the stream log in '"
                                + dir.resolve("streams/bid")
                                + "' at offset 3, but the log ends at offset 1 (its last segment"
                                + " is '"
                                + segment
                                + "')")
                .extracting(e -> ((WeirException) e).code())
                .isEqualTo(ErrorCode.STATE_CORRUPTED);
    }

    @Test
    void aViewThatPersistentQueriesReadCannotBeReplacedUnderThem() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(
                    SCHEMA
                            + "CREATE VIEW dear AS SELECT auction, price FROM bid WHERE price > 10;"
                            + "CREATE VIEW dearer AS SELECT auction FROM dear WHERE price > 20;"
                            + "CREATE VIEW unread AS SELECT auction FROM bid;"
                            + "CREATE MATERIALIZED VIEW counts AS SELECT auction, COUNT(*) AS n"
                            + " FROM dearer GROUP BY auction;"
                            + "CREATE STREAM copy (auction BIGINT NOT NULL, price BIGINT NOT NULL);"
                            + "INSERT INTO copy SELECT auction, price FROM dear;");
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE OR REPLACE VIEW dear AS SELECT auction, price"
                                                    + " FROM bid WHERE price > 99"))
                    .isInstanceOf(WeirException.class)
                    .hasMessage(
                            "line 1:24: Cannot replace view 'dear': materialized view 'counts',"
                                    + " query 'insert_1' read it, and keeps what it computed from"
                                    + " its present definition. Drop (or, for a query, cancel)"
                                    + " those first, or create the new definition under another"
                                    + " name.")
                    .extracting(e -> ((WeirException) e).code())
                    .isEqualTo(ErrorCode.OBJECT_IN_USE);
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE OR REPLACE VIEW dearer AS SELECT auction FROM"
                                                    + " dear"))
                    .hasMessageContaining("materialized view 'counts' reads it");
            engine.execute("CREATE OR REPLACE VIEW unread AS SELECT price FROM bid");
            engine.execute("CANCEL QUERY 'insert_1'");
            engine.execute("DROP MATERIALIZED VIEW counts");
            engine.execute(
                    "CREATE OR REPLACE VIEW dear AS SELECT auction, price FROM bid WHERE price >"
                            + " 99");
        }
    }
}
