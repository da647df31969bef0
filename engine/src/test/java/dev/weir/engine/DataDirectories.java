package dev.weir.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: what a crash leaves of a data directory, and what a data directory holds. */
final class DataDirectories {
    private DataDirectories() {}

    /**
     * Copies a running engine's data directory, as a kill -9 would leave it: everything written so
     * far (the copy is taken while no statement runs), no final checkpoint.
     */
    static Path crashCopy(Path dataDir, Path target) {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(dataDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    try {
                        Files.copy(p, to);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // deleted meanwhile (RocksDB compacting its working files): a crash a
                        // moment later would not have left it either
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The relative paths of every file and directory under {@code root}, sorted. */
    static List<String> tree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
