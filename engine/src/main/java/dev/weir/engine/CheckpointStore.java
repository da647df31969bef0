package dev.weir.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.runtime.SourceCheckpoint;
import dev.weir.plan.PlanState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one persistent query (a materialized view's, in {@code
 * views/<name>/checkpoints}, or an INSERT ... SELECT's): each a directory {@code chk-<n>} holding
 * the job's state ({@code state/}, a RocksDB checkpoint) and a manifest ({@code MANIFEST.json}:
 * format version, the query's SQL, the state of its plan ({@link PlanCompatibility}), each source's
 * position and watermark). A checkpoint is written under a temporary name, synced, and renamed when
 * whole, so a directory with a final name is complete; the newest two are kept, so a damaged newest
 * one has a fallback.
 *
 * <p>Source positions and state are one checkpoint, committed by one rename. The catalog is not in
 * it: the catalog file is the commit point of every CREATE and DROP, a checkpoint belongs to the
 * definition whose SQL its manifest holds (and is refused for any other), and a query's files with
 * no catalog entry are deleted on start ({@link DataDirectory}).
 */
final class CheckpointStore {
    /**
     * The manifest format this release writes. It also reads format 1, whose plan fingerprint
     * cannot be matched with a plan's state, so that such a checkpoint is skipped, not misread
     * ({@link PlanCompatibility}); a newer format is refused, not guessed.
     */
    static final int FORMAT_VERSION = 2;

    /** Format 1 recorded a fingerprint of the whole plan's JSON instead of its state. */
    private static final int WHOLE_PLAN_FINGERPRINT_FORMAT = 1;

    private static final Logger LOG = Logger.getLogger(CheckpointStore.class.getName());

    static final String MANIFEST = "MANIFEST.json";
    private static final Pattern NAME = Pattern.compile("chk-(\\d{9})");
    private static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final DurableFiles files;

    CheckpointStore(Path directory, DurableFiles files) {
        this.directory = directory;
        this.files = files;
    }

    /** A checkpoint on disk: its number and directory. */
    record Stored(long number, Path directory) {
        Path state() {
            return directory.resolve("state");
        }
    }

    /**
     * A checkpoint's manifest as read back.
     *
     * @param state the state of the plan the checkpoint holds the state of; empty in a manifest of
     *     format 1, which recorded a fingerprint of the whole plan instead
     */
    record Manifest(
            long number,
            String sql,
            Optional<PlanState> state,
            long createdAtMillis,
            JobCheckpoint job) {}

    /** Complete checkpoints, newest first. Leftovers of interrupted ones are deleted. */
    List<Stored> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Stored> stored = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path p : entries.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    stored.add(new Stored(Long.parseLong(m.group(1)), p));
                } else {
                    FileTrees.deleteRecursively(p); // a checkpoint that crashed half-way
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the checkpoints in " + directory, e);
        }
        stored.sort(Comparator.comparingLong(Stored::number).reversed());
        return stored;
    }

    long nextNumber() {
        List<Stored> stored = list();
        return stored.isEmpty() ? 1 : stored.get(0).number() + 1;
    }

    /** Where checkpoint {@code number} is built before it is complete. */
    Path inProgress(long number) {
        return directory.resolve(String.format("chk-%09d.inprogress", number));
    }

    /**
     * Completes checkpoint {@code number} whose state is already in {@link #inProgress}: writes and
     * syncs its manifest, syncs the directory, renames it to its final name (the commit) and syncs
     * that rename. Returns the checkpoint's size in bytes.
     *
     * @throws IOException if any of it cannot be written: the checkpoint is then not committed, and
     *     the caller deletes what was written of it
     */
    long commit(long number, String sql, PlanState state, JobCheckpoint job) throws IOException {
        Path building = inProgress(number);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT_VERSION);
        manifest.put("checkpoint", number);
        manifest.put("createdAt", System.currentTimeMillis());
        manifest.put("sql", sql);
        manifest.set("state", PlanCompatibility.toJson(state));
        ArrayNode sources = manifest.putArray("sources");
        for (SourceCheckpoint s : job.sources()) {
            ObjectNode source = sources.addObject();
            source.put("source", s.source());
            source.put("position", HexFormat.of().formatHex(s.position().toBytes()));
            source.put("maxEventTime", s.maxEventTime());
            source.put("watermark", s.watermark());
            if (!s.partitionMaxEventTimes().isEmpty()) {
                // A partitioned source's largest event time per partition (absent for others, so
                // manifests of unpartitioned sources read as before).
                ObjectNode partitions = source.putObject("partitionMaxEventTimes");
                s.partitionMaxEventTimes().forEach((p, t) -> partitions.put(p.toString(), t));
            }
        }
        Path file = building.resolve(MANIFEST);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        try (FileChannel channel = files.open(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        }
        DurableFiles.syncDirectory(building);
        long size = sizeOf(building);
        Path complete = directory.resolve(String.format("chk-%09d", number));
        Files.move(building, complete, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(directory);
        return size;
    }

    /**
     * Deletes all but the newest {@value #KEEP} checkpoints. Best effort: what cannot be deleted
     * now is deleted after a later checkpoint.
     */
    void deleteOld() {
        List<Stored> stored = list();
        for (int i = KEEP; i < stored.size(); i++) {
            try {
                FileTrees.deleteRecursively(stored.get(i).directory());
            } catch (UncheckedIOException e) {
                LOG.warning(
                        "Cannot delete the old checkpoint "
                                + stored.get(i).directory()
                                + ": "
                                + e.getMessage());
            }
        }
    }

    /** The bytes of the files in {@code root} (hard links counted in full). */
    static long sizeOf(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /**
     * Reads a checkpoint's manifest.
     *
     * @throws WeirException STATE_CORRUPTED when it is missing or unreadable;
     *     STATE_FORMAT_UNSUPPORTED when written by a newer release
     */
    static Manifest read(Stored stored) {
        Path file = stored.directory().resolve(MANIFEST);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw corrupted(file, "cannot be read (" + e.getMessage() + ")");
        }
        if (manifest == null || !manifest.path("format").isInt()) {
            throw corrupted(file, "has no format version");
        }
        int format = manifest.get("format").asInt();
        if (format != FORMAT_VERSION && format != WHOLE_PLAN_FINGERPRINT_FORMAT) {
            throw Errors.formatUnsupported(
                    file.toString(),
                    String.valueOf(format),
                    format > FORMAT_VERSION,
                    "checkpoint manifest formats "
                            + WHOLE_PLAN_FINGERPRINT_FORMAT
                            + " and "
                            + FORMAT_VERSION);
        }
        Optional<PlanState> state = Optional.empty();
        if (format == FORMAT_VERSION) {
            try {
                state = Optional.of(PlanCompatibility.fromJson(manifest.path("state")));
            } catch (IllegalArgumentException e) {
                throw corrupted(file, "has no readable plan state (" + e.getMessage() + ")");
            }
        }
        List<SourceCheckpoint> sources = new ArrayList<>();
        for (JsonNode s : manifest.path("sources")) {
            java.util.Map<Integer, Long> partitions = new java.util.TreeMap<>();
            s.path("partitionMaxEventTimes")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    partitions.put(
                                            Integer.valueOf(e.getKey()), e.getValue().asLong()));
            sources.add(
                    new SourceCheckpoint(
                            s.path("source").asText(),
                            SourcePosition.fromBytes(
                                    HexFormat.of().parseHex(s.path("position").asText())),
                            s.path("maxEventTime").asLong(),
                            s.path("watermark").asLong(),
                            partitions));
        }
        if (!Files.isDirectory(stored.state())) {
            throw corrupted(stored.state(), "is missing");
        }
        return new Manifest(
                manifest.path("checkpoint").asLong(),
                manifest.path("sql").asText(),
                state,
                manifest.path("createdAt").asLong(),
                new JobCheckpoint(sources));
    }

    private static WeirException corrupted(Path file, String problem) {
        return new WeirException(
                ErrorCode.STATE_CORRUPTED,
                Optional.empty(),
                "The checkpoint file " + file + " " + problem + ".");
    }
}
