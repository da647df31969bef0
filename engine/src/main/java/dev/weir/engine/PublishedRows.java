package dev.weir.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.io.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How many rows a persistent {@code INSERT INTO stream SELECT} has appended to its stream, kept
 * durably beside its checkpoints ({@code published.json}), so that rows its query produces again
 * after a restart (replaying from a checkpoint) are not appended twice.
 *
 * <p>Each append is bracketed: first an intent (the rows' count, a digest of them, and the stream's
 * end before the append), then the append, then the new count. A crash between the append and the
 * count leaves the intent: on start, the stream is searched from the recorded end for exactly those
 * rows, and the count is advanced if they are there.
 */
final class PublishedRows {
    /** The format of the file; a newer one is refused, not guessed at. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final DurableFiles files;
    private long published;

    private PublishedRows(Path file, DurableFiles files, long published) {
        this.file = file;
        this.files = files;
        this.published = published;
    }

    /** Rows appended so far: the query's rows numbered below this are in the stream. */
    long published() {
        return published;
    }

    /**
     * Reads the record, settling an interrupted append by looking for its rows in the stream.
     *
     * @throws WeirException STATE_CORRUPTED when the file cannot be read or the stream ends before
     *     an append it records; STATE_FORMAT_UNSUPPORTED for a newer format
     */
    static PublishedRows open(Path file, DurableFiles files, StreamStorage storage, String stream) {
        if (!Files.exists(file)) {
            return new PublishedRows(file, files, 0);
        }
        JsonNode record;
        try {
            record = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw unreadable(file, e.getMessage());
        }
        if (record == null || !record.path("format").isInt()) {
            throw unreadable(file, "it has no format version");
        }
        int format = record.get("format").asInt();
        if (format != FORMAT_VERSION) {
            throw Errors.formatUnsupported(
                    file.toString(),
                    String.valueOf(format),
                    format > FORMAT_VERSION,
                    "format " + FORMAT_VERSION);
        }
        PublishedRows rows = new PublishedRows(file, files, record.path("published").asLong());
        JsonNode intent = record.path("intent");
        if (intent.isObject()) {
            long count = intent.path("count").asLong();
            long from = intent.path("streamEnd").asLong();
            String digest = intent.path("digest").asText();
            if (from > storage.end(stream)) {
                throw new WeirException(
                        ErrorCode.STATE_CORRUPTED,
                        Optional.empty(),
                        "The record '"
                                + file
                                + "' says the stream '"
                                + stream
                                + "' held "
                                + from
                                + " events before its last append, but it holds "
                                + storage.end(stream)
                                + ": events it had are missing. Restore the stream's directory"
                                + " from a backup; or, to accept the loss, cancel the query and"
                                + " start it again.");
            }
            if (appearsFrom(storage, stream, from, (int) count, digest)) {
                rows.published = intent.path("first").asLong() + count;
            }
            rows.write(null);
        }
        return rows;
    }

    private static boolean appearsFrom(
            StreamStorage storage, String stream, long from, int count, String digest) {
        long end = storage.end(stream);
        for (long start = from; start + count <= end; start++) {
            List<Row> candidate = storage.read(stream, start, count);
            if (candidate.size() == count && digest(candidate).equals(digest)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the rows numbered {@code first ...} to the stream, durably recording that it did. */
    void append(StreamStorage storage, String stream, long first, List<Row> batch) {
        ObjectNode intent = JSON.createObjectNode();
        intent.put("first", first);
        intent.put("count", batch.size());
        intent.put("streamEnd", storage.end(stream));
        intent.put("digest", digest(batch));
        write(intent);
        storage.append(stream, batch);
        published = first + batch.size();
        write(null);
    }

    private void write(ObjectNode intent) {
        ObjectNode record = JSON.createObjectNode();
        record.put("format", FORMAT_VERSION);
        record.put("published", published);
        if (intent != null) {
            record.set("intent", intent);
        }
        try {
            Files.createDirectories(file.getParent());
            files.writeAtomically(file, JSON.writeValueAsBytes(record));
        } catch (IOException e) {
            throw Errors.cannotWrite(
                    "the record of appended rows '" + file + "'",
                    "The rows were not appended; the query stops and resumes from its last"
                            + " checkpoint when the server starts again.",
                    e);
        }
    }

    private static WeirException unreadable(Path file, String why) {
        return new WeirException(
                ErrorCode.STATE_CORRUPTED,
                Optional.empty(),
                "The record of appended rows '"
                        + file
                        + "' cannot be read ("
                        + why
                        + "), so the query cannot tell which of its rows its stream holds."
                        + " Restore it from a backup, or cancel the query and start it again.");
    }

    private static String digest(List<Row> rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Row row : rows) {
                sha.update(row.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
