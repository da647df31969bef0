package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.StateErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a RocksDB state directory that are Weir's, not RocksDB's: the {@value #FORMAT_FILE}
 * version file, and copying a checkpoint into a fresh working directory.
 */
final class StateDirectory {
    /** Bumped when the layout of keys, values or column families changes. */
    static final String FORMAT_VERSION = "weir-state-1";

    static final String FORMAT_FILE = "STATE_FORMAT";

    private StateDirectory() {}

    /**
     * Checks the version of the state in {@code directory}, writing it first if the directory holds
     * no database yet. A database without a version file is refused rather than adopted: the file
     * is written before the database is created, so its absence means a foreign or damaged
     * directory.
     */
    static void checkOrCreateFormat(Path directory) throws IOException {
        Path file = directory.resolve(FORMAT_FILE);
        if (Files.exists(file)) {
            checkFormat(file);
        } else if (Files.exists(directory.resolve("CURRENT"))) {
            throw StateErrors.formatMissing(directory, FORMAT_FILE);
        } else {
            writeFormat(directory);
        }
    }

    static void checkFormat(Path file) throws IOException {
        String found = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!found.equals(FORMAT_VERSION)) {
            throw StateErrors.formatMismatch(file, found, FORMAT_VERSION);
        }
    }

    /** Written under another name and renamed: a crash leaves no empty or partial version file. */
    static void writeFormat(Path directory) throws IOException {
        Path temporary = directory.resolve(FORMAT_FILE + ".tmp");
        Files.writeString(temporary, FORMAT_VERSION + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, directory.resolve(FORMAT_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Fills the empty {@code workingDirectory} from {@code checkpoint}. SST files are immutable, so
     * they are hard-linked (as RocksDB's checkpoint made them), falling back to a copy across file
     * systems; the other files (MANIFEST, OPTIONS, CURRENT) are copied, because the database
     * rewrites them and must not change the checkpoint.
     */
    static void copyCheckpoint(Path checkpoint, Path workingDirectory) throws IOException {
        Path format = checkpoint.resolve(FORMAT_FILE);
        if (!Files.exists(format)) {
            throw StateErrors.formatMissing(checkpoint, FORMAT_FILE);
        }
        checkFormat(format);
        Files.createDirectories(workingDirectory);
        try (Stream<Path> existing = Files.list(workingDirectory)) {
            if (existing.findAny().isPresent()) {
                throw StateErrors.restoreTargetNotEmpty(workingDirectory);
            }
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(checkpoint)) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = workingDirectory.resolve(file.getFileName());
            if (file.getFileName().toString().endsWith(".sst")) {
                linkOrCopy(file, target);
            } else {
                Files.copy(file, target);
            }
        }
    }

    private static void linkOrCopy(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target);
        }
    }
}
