package dev.weir.executor.state.memory;

import dev.weir.executor.state.StateErrors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The heap backend's checkpoint: one file, {@value #FILE}, holding a magic number, a format
 * version, then every map as (name, entry count, length-prefixed keys and values).
 */
final class HeapCheckpoints {
    static final String FILE = "heap-state.bin";

    /** "WEIRHEAP": tells a heap checkpoint from any other file at a glance. */
    private static final long MAGIC = 0x5745_4952_4845_4150L;

    /** Bumped when the layout below changes; other versions are refused. */
    static final int VERSION = 1;

    /** Receives the entries of a checkpoint being read. */
    interface EntrySink {
        void accept(String name, byte[] key, byte[] value);
    }

    private HeapCheckpoints() {}

    /**
     * Writes into a temporary file, forces it to disk and only then gives it its name, so that a
     * crash never leaves a half-written checkpoint that looks whole.
     */
    static void write(Path target, Map<String, NavigableMap<byte[], byte[]>> maps) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(target); // fails if it exists: a checkpoint is never overwritten
            Path temporary = target.resolve(FILE + ".tmp");
            try (FileOutputStream file = new FileOutputStream(temporary.toFile());
                    DataOutputStream out =
                            new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(maps.size());
                // Sorted by name, so the same state always gives the same file.
                for (Map.Entry<String, NavigableMap<byte[], byte[]>> map :
                        new TreeMap<>(maps).entrySet()) {
                    out.writeUTF(map.getKey());
                    out.writeInt(map.getValue().size());
                    for (Map.Entry<byte[], byte[]> e : map.getValue().entrySet()) {
                        out.writeInt(e.getKey().length);
                        out.write(e.getKey());
                        out.writeInt(e.getValue().length);
                        out.write(e.getValue());
                    }
                }
                out.flush();
                file.getFD().sync();
            }
            Files.move(temporary, target.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the heap state checkpoint '" + target + "'.", e);
        }
    }

    static void read(Path checkpoint, EntrySink sink) {
        Path file = checkpoint.resolve(FILE);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw StateErrors.checkpointUnreadable(
                        file, "it is not a heap state checkpoint", null);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw StateErrors.checkpointUnreadable(
                        file,
                        "it has format version " + version + ", but this Weir reads " + VERSION,
                        null);
            }
            int mapCount = in.readInt();
            for (int m = 0; m < mapCount; m++) {
                String name = in.readUTF();
                int entries = in.readInt();
                for (int e = 0; e < entries; e++) {
                    byte[] key = readArray(in);
                    byte[] value = readArray(in);
                    sink.accept(name, key, value);
                }
            }
            if (in.read() != -1) {
                throw StateErrors.checkpointUnreadable(file, "it has bytes past its end", null);
            }
        } catch (NoSuchFileException e) {
            throw StateErrors.checkpointUnreadable(file, "the file does not exist", e);
        } catch (EOFException e) {
            throw StateErrors.checkpointUnreadable(file, "the file is truncated", e);
        } catch (IOException e) {
            throw StateErrors.checkpointUnreadable(file, e.toString(), e);
        }
    }

    /** readFully, not readNBytes: a truncated file must fail, not yield short arrays. */
    private static byte[] readArray(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a negative length, " + length + ", in place of a key or value");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
