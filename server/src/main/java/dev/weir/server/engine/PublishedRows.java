package dev.weir.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.row.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private long published;

    private PublishedRows(Path file, long published) {
        this.file = file;
        this.published = published;
    }

    /** Rows appended so far: the query's rows numbered below this are in the stream. */
    long published() {
        return published;
    }

    /** Reads the record, settling an interrupted append by looking for its rows in the stream. */
    static PublishedRows open(Path file, StreamStorage storage, String stream) {
        if (!Files.exists(file)) {
            return new PublishedRows(file, 0);
        }
        JsonNode record;
        try {
            record = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        PublishedRows rows = new PublishedRows(file, record.path("published").asLong());
        JsonNode intent = record.path("intent");
        if (intent.isObject()) {
            long count = intent.path("count").asLong();
            long from = intent.path("streamEnd").asLong();
            String digest = intent.path("digest").asText();
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
        record.put("format", 1);
        record.put("published", published);
        if (intent != null) {
            record.set("intent", intent);
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(record));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
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
