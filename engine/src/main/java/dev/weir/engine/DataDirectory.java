package dev.weir.engine;

import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The layout of a data directory, and the one rule that keeps it consistent across crashes: the
 * catalog ({@code catalog.json}) and the list of persistent queries ({@code queries/queries.json})
 * are the commit points of every CREATE, DROP, INSERT ... SELECT and CANCEL. Files are created
 * before their object is committed and deleted after it is removed, so a crash in between leaves
 * only files that nothing refers to, and this class deletes them on start:
 *
 * <ul>
 *   <li>{@code streams/<name>}: the log of an internal stream the catalog does not have (a DROP
 *       STREAM cut short), which a later CREATE STREAM of that name would otherwise adopt;
 *   <li>{@code tables/<name>}: the changelog of a table the catalog does not have (a DROP TABLE cut
 *       short);
 *   <li>{@code views/<name>}: the state and checkpoints of a materialized view the catalog does not
 *       have (a CREATE cut short before its entry was written, a DROP after);
 *   <li>{@code queries/<id>}: those of an INSERT ... SELECT query not listed (a start cut short, a
 *       CANCEL after its entry was removed);
 *   <li>{@code state/*}: the state of continuous queries, which end with the process;
 *   <li>{@code table-rows/*}: tables' current rows, which are rebuilt from their logs;
 *   <li>temporary files of an atomic write that did not finish.
 * </ul>
 *
 * Nothing with a committed entry is ever deleted here: an object whose files are missing or damaged
 * is the business of its recovery, which refuses to start or rebuilds, but never guesses.
 */
final class DataDirectory {
    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());

    static final String CATALOG = "catalog.json";
    static final String STREAMS = "streams";
    static final String TABLES = "tables";
    static final String VIEWS = "views";
    static final String QUERIES = "queries";
    static final String STATE = "state";

    /** Tables' current rows, rebuilt from their logs on every start: never a commit point. */
    static final String TABLE_ROWS = "table-rows";

    private DataDirectory() {}

    /**
     * Deletes what the committed catalog and query list do not refer to; returns the paths deleted.
     *
     * @param queryIds the INSERT ... SELECT queries listed in {@code queries/queries.json}
     */
    static List<Path> deleteLeftovers(Path dataDir, Catalog catalog, Set<String> queryIds) {
        Set<String> internalStreams = new HashSet<>();
        Set<String> tables = new HashSet<>();
        Set<String> views = new HashSet<>();
        for (CatalogObject object : catalog.all()) {
            String key = object.name().toLowerCase(Locale.ROOT);
            if (object instanceof StreamDef stream && stream.isInternal()) {
                internalStreams.add(key);
            } else if (object instanceof MaterializedViewDef) {
                views.add(key);
            } else if (object instanceof TableDef) {
                tables.add(key);
            }
        }
        List<Path> deleted = new java.util.ArrayList<>();
        String undefined =
                " that is not (or no longer) defined, left by a statement a crash cut short";
        deleteUnlisted(
                dataDir.resolve(STREAMS),
                internalStreams,
                "the log of an internal stream" + undefined,
                deleted);
        deleteUnlisted(
                dataDir.resolve(TABLES), tables, "the changelog of a table" + undefined, deleted);
        deleteUnlisted(
                dataDir.resolve(TABLE_ROWS), tables, "the rows of a table" + undefined, deleted);
        deleteUnlisted(
                dataDir.resolve(VIEWS),
                views,
                "the state of a materialized view" + undefined,
                deleted);
        Set<String> queries = new HashSet<>(queryIds);
        queries.add(InsertQueryList.FILE_NAME);
        deleteUnlisted(
                dataDir.resolve(QUERIES),
                queries,
                "the state of an INSERT ... SELECT query" + undefined,
                deleted);
        deleteUnlisted(
                dataDir.resolve(STATE),
                Set.of(),
                "the state of a continuous query, which ended with the process before",
                deleted);
        Path catalogTemporary = dataDir.resolve(CATALOG + ".tmp");
        if (Files.exists(catalogTemporary)) {
            FileTrees.deleteRecursively(catalogTemporary);
            deleted.add(catalogTemporary);
        }
        return deleted;
    }

    private static void deleteUnlisted(
            Path directory, Set<String> listed, String what, List<Path> deleted) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        for (Path entry : entries) {
            if (listed.contains(entry.getFileName().toString())) {
                continue;
            }
            FileTrees.deleteRecursively(entry);
            deleted.add(entry);
            LOG.warning("Deleted " + entry + ": " + what + ".");
        }
    }

    /**
     * Opens the log of every internal stream now, so that a damaged segment or one of a newer
     * format stops the start naming the file, rather than failing the first INSERT later.
     */
    static void openStreams(Catalog catalog, StreamStorage storage) {
        for (CatalogObject object : catalog.all()) {
            if (object instanceof StreamDef stream && stream.isInternal()) {
                storage.end(stream.name());
            }
        }
    }
}
