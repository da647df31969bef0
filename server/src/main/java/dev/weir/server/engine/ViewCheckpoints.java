package dev.weir.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.runtime.SourceCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one materialized view, in {@code views/<name>/checkpoints}: each a directory
 * {@code chk-<n>} holding the job's state ({@code state/}, a RocksDB checkpoint) and a manifest
 * ({@code MANIFEST.json}: format version, the view's SQL, each source's position and watermark). A
 * checkpoint is written under a temporary name and renamed when whole, so a directory with a final
 * name is complete; the newest two are kept, so a damaged newest one has a fallback.
 */
final class ViewCheckpoints {
    /** The manifest format this release writes and reads; a newer one is refused, not guessed. */
    static final int FORMAT_VERSION = 1;

    static final String MANIFEST = "MANIFEST.json";
    private static final Pattern NAME = Pattern.compile("chk-(\\d{9})");
    private static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    ViewCheckpoints(Path directory) {
        this.directory = directory;
    }

    /** A checkpoint on disk: its number and directory. */
    record Stored(long number, Path directory) {
        Path state() {
            return directory.resolve("state");
        }
    }

    /** A checkpoint's manifest as read back. */
    record Manifest(long number, String sql, long createdAtMillis, JobCheckpoint job) {}

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
                    Files2.deleteRecursively(p); // a checkpoint that crashed half-way
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
     * syncs its manifest, renames the directory to its final name, deletes all but the newest.
     */
    void commit(long number, String sql, JobCheckpoint job) {
        Path building = inProgress(number);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT_VERSION);
        manifest.put("checkpoint", number);
        manifest.put("createdAt", System.currentTimeMillis());
        manifest.put("sql", sql);
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
        try {
            Path file = building.resolve(MANIFEST);
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            sync(file);
            Path complete = directory.resolve(String.format("chk-%09d", number));
            Files.move(building, complete, StandardCopyOption.ATOMIC_MOVE);
            sync(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + building, e);
        }
        List<Stored> stored = list();
        for (int i = KEEP; i < stored.size(); i++) {
            Files2.deleteRecursively(stored.get(i).directory());
        }
    }

    /**
     * Reads a checkpoint's manifest.
     *
     * @throws WeirException STATE_CORRUPTED when it is missing or unreadable, or written by a newer
     *     release
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
        if (format > FORMAT_VERSION) {
            throw new WeirException(
                    ErrorCode.STATE_CORRUPTED,
                    Optional.empty(),
                    "The checkpoint "
                            + file
                            + " has format "
                            + format
                            + ", written by a newer Weir; this release reads format "
                            + FORMAT_VERSION
                            + ". Start the newer release, or move the data directory aside.");
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
                manifest.path("createdAt").asLong(),
                new JobCheckpoint(sources));
    }

    private static WeirException corrupted(Path file, String problem) {
        return new WeirException(
                ErrorCode.STATE_CORRUPTED,
                Optional.empty(),
                "The checkpoint file " + file + " " + problem + ".");
    }

    private static void sync(Path path) throws IOException {
        try (FileChannel channel =
                FileChannel.open(
                        path,
                        Files.isDirectory(path)
                                ? StandardOpenOption.READ
                                : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
