package dev.weir.planner.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The named objects of a Weir server: streams, tables, views, materialized views. Names match
 * case-insensitively (as unquoted identifiers do) and are stored as written.
 *
 * <p>When given a file, every change is written through to it atomically and durably (a temporary
 * file, synced, renamed over the old one, the rename synced) before it takes effect in memory, so a
 * crash leaves either the old catalog or the new one, and a change that cannot be written (a full
 * disk) fails with DISK_FULL and changes nothing. The file is the commit point of every CREATE and
 * DROP: the server deletes, on start, the files of objects it does not list.
 */
public final class Catalog {
    /**
     * Bumped when the file's layout changes; another version is refused, never misread (a later
     * release may migrate older ones).
     */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Optional<Path> file;
    private final Map<String, CatalogObject> objects = new LinkedHashMap<>();
    private volatile List<SystemTable> systemTables = List.of();

    private Catalog(Optional<Path> file) {
        this.file = file;
    }

    /** A catalog that lives only in memory. */
    public static Catalog inMemory() {
        return new Catalog(Optional.empty());
    }

    /**
     * The catalog persisted in {@code file}, empty if the file does not exist yet.
     *
     * @throws WeirException STATE_CORRUPTED when the file cannot be read, STATE_FORMAT_UNSUPPORTED
     *     when another release wrote it
     */
    public static Catalog open(Path file) {
        Catalog catalog = new Catalog(Optional.of(file));
        if (Files.exists(file)) {
            JsonNode tree;
            try {
                tree = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw unreadable(file, e.getMessage());
            }
            if (tree == null || !tree.path("version").isInt()) {
                throw unreadable(file, "it has no format version");
            }
            int version = tree.get("version").asInt();
            if (version != FORMAT_VERSION) {
                throw Errors.formatUnsupported(
                        file.toString(),
                        String.valueOf(version),
                        version > FORMAT_VERSION,
                        "catalog format " + FORMAT_VERSION);
            }
            try {
                PersistedCatalog persisted = JSON.treeToValue(tree, PersistedCatalog.class);
                persisted.objects().forEach(o -> catalog.objects.put(key(o.name()), o));
            } catch (IOException e) {
                throw unreadable(file, e.getMessage());
            }
        }
        return catalog;
    }

    private static WeirException unreadable(Path file, String why) {
        return new WeirException(
                ErrorCode.STATE_CORRUPTED,
                Optional.empty(),
                "The catalog file '"
                        + file
                        + "' cannot be read ("
                        + why
                        + "). Restore it from a backup, or move the data directory aside to start"
                        + " afresh.");
    }

    public synchronized Optional<CatalogObject> find(String name) {
        return Optional.ofNullable(objects.get(key(name)));
    }

    /** The tables of the {@code sys} schema, as the server declared them. */
    public List<SystemTable> systemTables() {
        return systemTables;
    }

    /** Declares the {@code sys} schema's tables; they are not written to the catalog's file. */
    public void declareSystemTables(List<SystemTable> tables) {
        this.systemTables = List.copyOf(tables);
    }

    public synchronized List<CatalogObject> all() {
        List<CatalogObject> list = new ArrayList<>(objects.values());
        list.sort(Comparator.comparing(o -> o.name().toLowerCase(Locale.ROOT)));
        return list;
    }

    /** Adds {@code object}; the caller has checked that its name is free. */
    public synchronized void add(CatalogObject object) {
        put(object);
    }

    /** Adds or replaces. */
    public synchronized void put(CatalogObject object) {
        Map<String, CatalogObject> next = new LinkedHashMap<>(objects);
        next.put(key(object.name()), object);
        commit(next);
    }

    public synchronized void remove(String name) {
        Map<String, CatalogObject> next = new LinkedHashMap<>(objects);
        next.remove(key(name));
        commit(next);
    }

    /** Writes {@code next} through to the file, then makes it the catalog. */
    private void commit(Map<String, CatalogObject> next) {
        persist(next);
        objects.clear();
        objects.putAll(next);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void persist(Map<String, CatalogObject> next) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get().toAbsolutePath();
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            byte[] bytes =
                    JSON.writeValueAsBytes(
                            new PersistedCatalog(FORMAT_VERSION, new ArrayList<>(next.values())));
            try (FileChannel channel =
                    FileChannel.open(
                            temporary,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(
                        temporary,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel directory =
                    FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true); // the rename itself survives a power loss
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw Errors.cannotWrite(
                    "the catalog file '" + target + "'", "The statement changed nothing.", e);
        }
    }

    /** The file's layout. */
    record PersistedCatalog(int version, List<CatalogObject> objects) {
        static final TypeReference<PersistedCatalog> TYPE = new TypeReference<>() {};
    }
}
