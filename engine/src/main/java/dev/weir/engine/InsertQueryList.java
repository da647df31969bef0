package dev.weir.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.executor.io.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code queries/queries.json}: the persistent INSERT ... SELECT queries to run, each by id and
 * SQL. Written atomically and durably, it is the commit point of starting and cancelling one, as
 * the catalog is of CREATE and DROP.
 */
final class InsertQueryList {
    /** The format of {@code queries.json}; a newer one is refused, not guessed at. */
    static final int FORMAT_VERSION = 1;

    static final String FILE_NAME = "queries.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final DurableFiles files;

    /** One listed query. */
    record Entry(String id, String sql) {}

    /**
     * @param root the directory of the INSERT queries ({@code <data-dir>/queries})
     * @param files where the list is written
     */
    InsertQueryList(Path root, DurableFiles files) {
        this.root = root;
        this.files = files;
    }

    boolean exists() {
        return Files.exists(file());
    }

    /**
     * The listed queries, the file's format checked.
     *
     * @throws WeirException STATE_CORRUPTED when the file cannot be read; STATE_FORMAT_UNSUPPORTED
     *     when written in another format
     */
    List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : readEntries()) {
            entries.add(new Entry(entry.path("id").asText(), entry.path("sql").asText()));
        }
        return entries;
    }

    private JsonNode readEntries() {
        JsonNode registry;
        try {
            registry = JSON.readTree(file().toFile());
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.STATE_CORRUPTED,
                    Optional.empty(),
                    "The list of persistent queries '"
                            + file()
                            + "' cannot be read ("
                            + e.getMessage()
                            + "). Restore it from a backup, or delete it to stop the INSERT ..."
                            + " SELECT queries it lists (their streams keep what they appended).");
        }
        if (registry != null && registry.isArray()) {
            return registry; // written before the file had a format: format 1
        }
        int format = registry == null ? -1 : registry.path("format").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw Errors.formatUnsupported(
                    file().toString(),
                    String.valueOf(format),
                    format > FORMAT_VERSION,
                    "format " + FORMAT_VERSION);
        }
        return registry.path("queries");
    }

    /** Writes the list atomically and durably: the commit of a start or a cancel. */
    void write(List<Entry> entries) {
        ObjectNode registry = JSON.createObjectNode();
        registry.put("format", FORMAT_VERSION);
        ArrayNode list = registry.putArray("queries");
        for (Entry entry : entries) {
            list.addObject().put("id", entry.id()).put("sql", entry.sql());
        }
        try {
            Files.createDirectories(root);
            files.writeAtomically(
                    file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(registry));
        } catch (IOException e) {
            throw Errors.cannotWrite(
                    "the list of persistent queries '" + file() + "'",
                    "The query was neither started nor cancelled.",
                    e);
        }
    }

    private Path file() {
        return root.resolve(FILE_NAME);
    }
}
