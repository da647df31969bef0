package dev.weir.planner.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>When given a file, every change is written through to it atomically (a temporary file renamed
 * over the old one), so a crash leaves either the old catalog or the new one.
 */
public final class Catalog {
    /** Bumped when the file's layout changes; an unknown version is refused, never misread. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Optional<Path> file;
    private final Map<String, CatalogObject> objects = new LinkedHashMap<>();

    private Catalog(Optional<Path> file) {
        this.file = file;
    }

    /** A catalog that lives only in memory. */
    public static Catalog inMemory() {
        return new Catalog(Optional.empty());
    }

    /** The catalog persisted in {@code file}, empty if the file does not exist yet. */
    public static Catalog open(Path file) {
        Catalog catalog = new Catalog(Optional.of(file));
        if (Files.exists(file)) {
            try {
                PersistedCatalog persisted = JSON.readValue(file.toFile(), PersistedCatalog.class);
                if (persisted.version() != FORMAT_VERSION) {
                    throw new IllegalStateException(
                            "The catalog file '"
                                    + file
                                    + "' has format version "
                                    + persisted.version()
                                    + ", but this Weir reads version "
                                    + FORMAT_VERSION
                                    + ". Start the Weir release that wrote it, or move the data"
                                    + " directory aside.");
                }
                persisted.objects().forEach(o -> catalog.objects.put(key(o.name()), o));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The catalog file '" + file + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return catalog;
    }

    public synchronized Optional<CatalogObject> find(String name) {
        return Optional.ofNullable(objects.get(key(name)));
    }

    public synchronized List<CatalogObject> all() {
        List<CatalogObject> list = new ArrayList<>(objects.values());
        list.sort(Comparator.comparing(o -> o.name().toLowerCase(Locale.ROOT)));
        return list;
    }

    /** Adds {@code object}; the caller has checked that its name is free. */
    public synchronized void add(CatalogObject object) {
        objects.put(key(object.name()), object);
        persist();
    }

    /** Adds or replaces. */
    public synchronized void put(CatalogObject object) {
        objects.put(key(object.name()), object);
        persist();
    }

    public synchronized void remove(String name) {
        objects.remove(key(name));
        persist();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void persist() {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            JSON.writeValue(
                    temporary.toFile(),
                    new PersistedCatalog(FORMAT_VERSION, new ArrayList<>(objects.values())));
            try {
                Files.move(
                        temporary,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the catalog to '" + target + "'", e);
        }
    }

    /** The file's layout. */
    record PersistedCatalog(int version, List<CatalogObject> objects) {
        static final TypeReference<PersistedCatalog> TYPE = new TypeReference<>() {};
    }
}
