package dev.weir.executor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Opens the files whose writes Weir must either make durable or report as failed: stream log
 * segments, checkpoint manifests and the records beside them. It is the one seam where a test puts
 * a disk that fills up or fails to sync, so that the code handling those failures is exercised
 * rather than trusted; the server always uses {@link #DISK}.
 */
public interface DurableFiles {
    /** The file system itself. */
    DurableFiles DISK =
            file ->
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);

    /** Opens {@code file} for reading and writing, creating it if it is absent. */
    FileChannel open(Path file) throws IOException;

    /**
     * Replaces {@code file} with {@code bytes} so that a crash at any moment leaves either the old
     * content or the new, never a mix or an empty file: the bytes go to a temporary file, which is
     * synced, renamed over {@code file}, and the directory synced so that the rename itself lasts.
     */
    default void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = open(temporary)) {
            channel.truncate(0);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary); // frees what it took; the old file stands
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Makes the entries of {@code directory} (files created, renamed or deleted in it) durable:
     * syncing a file does not sync the name it has.
     */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
