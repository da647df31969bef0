package dev.weir.executor.connector.file;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A file stream's options, checked: see {@code Connectors} for how they are read from {@code WITH
 * (...)}.
 *
 * @param header whether the first line is a header to skip (CSV only)
 * @param tail whether to keep reading what is appended, instead of ending at the end
 */
public record FileOptions(Path path, FileFormat format, boolean header, boolean tail) {
    public FileOptions {
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
    }
}
