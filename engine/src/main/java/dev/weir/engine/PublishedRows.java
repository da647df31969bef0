package dev.weir.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.io.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many rows a persistent {@code INSERT INTO stream SELECT} has appended to its stream, kept
 * durably beside its checkpoints ({@code published.json}), so that rows its query produces again
 * after a restart (replaying from a checkpoint) are not appended twice.
 *
 * <p>Each append is bracketed: first an intent (the rows' count, a digest of them, and the stream's
 * end before the append), then the append, then the new count. A crash between the append and the
 * count leaves the intent: on start, the stream is searched from the recorded end for exactly those
 * rows, and the count is advanced if they are there.
 *
 * <p>The rows are told apart by number only, so the replay must produce them in the same order.
 * Sources that read in one fixed order (an internal stream, a file) would; a Kafka topic's
 * partitions interleave differently on every read, and so would any two sources of one query. So
 * the record also journals the job's rounds ({@link dev.weir.executor.runtime.RoundJournal}): each
 * source's position after every round that read rows, written with the intent of the append that
 * follows, so that every round before an append is durable before the rows are. A restart replays
 * those rounds ({@link dev.weir.executor.runtime.Job#replayRounds}), reproducing the rows in their
 * order; the rounds after the last append were never published, so any order of them is right.
 * Rounds are numbered from 1 in the job's state (its checkpoints hold the count); those up to the
 * older of the two newest completed checkpoints are forgotten, since a restart resumes from one of
 * those two.
 */
final class PublishedRows {
    /** The format of the file; a newer one is refused, not guessed at. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final DurableFiles files;
    private long published;
    private final TreeMap<Long, List<SourcePosition>> rounds = new TreeMap<>();

    private PublishedRows(Path file, DurableFiles files, long published) {
        this.file = file;
        this.files = files;
        this.published = published;
    }

    /**
     * Journals round {@code round}: its sources' positions after it. Kept in memory until the next
     * append writes it. Returns false if the round was journaled before with other positions: a
     * replay that did not read what the round first read.
     */
    boolean roundRead(long round, List<SourcePosition> positions) {
        List<SourcePosition> before = rounds.put(round, List.copyOf(positions));
        return before == null || before.equals(positions);
    }

    /** Forgets the rounds up to {@code round}: no restart replays them. */
    void forgetRoundsThrough(long round) {
        rounds.headMap(round, true).clear();
    }

    /**
     * The journaled rounds after {@code round}, in order, when they follow on from it without a
     * gap; empty if the first of them is missing (forgotten: see the class comment).
     */
    List<List<SourcePosition>> roundsAfter(long round) {
        SortedMap<Long, List<SourcePosition>> after = rounds.tailMap(round + 1);
        if (after.isEmpty() || after.firstKey() != round + 1) {
            return List.of();
        }
        return List.copyOf(after.values());
    }

    /** The round the journal starts at, if it holds any. */
    Optional<Long> firstRound() {
        return rounds.isEmpty() ? Optional.empty() : Optional.of(rounds.firstKey());
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
        rows.readRounds(file, record.path("rounds"));
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

    private void readRounds(Path file, JsonNode journal) {
        if (journal.isMissingNode()) {
            return; // written before rounds were journaled
        }
        if (!journal.path("first").isIntegralNumber() || !journal.path("positions").isArray()) {
            throw unreadable(file, "its journal of rounds is not one");
        }
        long round = journal.get("first").asLong();
        for (JsonNode positions : journal.get("positions")) {
            List<SourcePosition> list = new ArrayList<>();
            for (JsonNode position : positions) {
                try {
                    list.add(SourcePosition.fromBytes(HexFormat.of().parseHex(position.asText())));
                } catch (IllegalArgumentException e) {
                    throw unreadable(file, "a position in its journal is not hexadecimal");
                }
            }
            rounds.put(round++, List.copyOf(list));
        }
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
        if (!rounds.isEmpty()) {
            ObjectNode journal = record.putObject("rounds");
            journal.put("first", rounds.firstKey());
            ArrayNode all = journal.putArray("positions");
            for (List<SourcePosition> positions : rounds.values()) {
                ArrayNode one = all.addArray();
                positions.forEach(p -> one.add(HexFormat.of().formatHex(p.toBytes())));
            }
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
