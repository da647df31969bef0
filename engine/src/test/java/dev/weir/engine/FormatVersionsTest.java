package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of persisted state says which format it has, and one this release does not read stops
 * the start with STATE_FORMAT_UNSUPPORTED naming the file, rather than being misread or silently
 * thrown away: the catalog, the list of INSERT ... SELECT queries and their records of appended
 * rows, checkpoint manifests (in MaterializedViewTest), the state in a checkpoint, and stream log
 * segments.
 */
class FormatVersionsTest {
    @TempDir Path dir;

    private void createEverything() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL);"
                            + "INSERT INTO ev VALUES (1), (2);"
                            + "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n FROM ev"
                            + " GROUP BY k;"
                            + "CREATE STREAM copy (k BIGINT NOT NULL);"
                            + "INSERT INTO copy SELECT k FROM ev;");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
        }
    }

    private void assertStartRefused(Path file, String found, String reads) {
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED);
                            assertThat(e.code().sqlState()).isEqualTo("58000");
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "The file '"
                                                    + file
                                                    + "' has format "
                                                    + found
                                                    + ", written by a newer release of Weir; this"
                                                    + " release reads "
                                                    + reads
                                                    + ". Start the Weir release that wrote it, or"
                                                    + " move the data directory aside to start"
                                                    + " afresh.");
                        });
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void aNewerCatalogIsRefused() throws Exception {
        createEverything();
        Path catalog = dir.resolve("catalog.json");
        replace(catalog, "\"version\" : 1", "\"version\" : 2");
        assertStartRefused(catalog, "2", "catalog format 1");
    }

    @Test
    void aDamagedCatalogIsRefusedNamingTheFileAndWhatToDo() throws Exception {
        createEverything();
        Path catalog = dir.resolve("catalog.json");
        Files.writeString(catalog, "{\"version\": 1, \"objects\": [");
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "The catalog file '" + catalog + "' cannot be read (")
                                    .endsWith(
                                            "). Restore it from a backup, or move the data"
                                                    + " directory aside to start afresh.");
                        });
    }

    @Test
    void aNewerListOfQueriesIsRefusedAndTheUnversionedOneOfEarlierBuildsRead() throws Exception {
        createEverything();
        Path registry = dir.resolve("queries/queries.json");
        String written = Files.readString(registry);
        replace(registry, "\"format\" : 1", "\"format\" : 4");
        assertStartRefused(registry, "4", "format 1");
        // Before it had a format the file was a bare array of the same entries.
        String entries = written.substring(written.indexOf('['), written.lastIndexOf(']') + 1);
        Files.writeString(registry, entries);
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.persistentQueries()).containsKeys("insert_1", "mv_totals");
        }
    }

    @Test
    void aNewerRecordOfAppendedRowsIsRefused() throws Exception {
        createEverything();
        Path published = dir.resolve("queries/insert_1/published.json");
        replace(published, "\"format\":1", "\"format\":3");
        assertStartRefused(published, "3", "format 1");
    }

    @Test
    void aCheckpointWhoseStateHasANewerFormatStopsTheStartInsteadOfBeingSkipped() throws Exception {
        createEverything();
        Path format = dir.resolve("views/totals/checkpoints/chk-000000001/state/STATE_FORMAT");
        Files.writeString(format, "weir-state-2\n");
        assertThatThrownBy(() -> Engine.open(dir, FsyncPolicy.ALWAYS, 0))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STATE_FORMAT_UNSUPPORTED);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "The state format file '"
                                                    + format
                                                    + "' says 'weir-state-2', written by a newer"
                                                    + " release of Weir");
                        });
        assertThat(format).exists(); // refused, not thrown away
    }

    @Test
    void aStreamLogSegmentOfANewerFormatStopsTheStart() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL); INSERT INTO ev VALUES (1);");
        }
        Path segment = dir.resolve("streams/ev/00000000000000000000.log");
        try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "rw")) {
            raf.seek(4);
            raf.writeInt(9);
        }
        assertStartRefused(segment, "9", "stream log segment formats 1 and 2");
    }
}
