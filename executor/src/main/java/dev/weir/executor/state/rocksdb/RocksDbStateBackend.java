package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.OpenIterators;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.StateErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * State in RocksDB: one database per backend in its own directory, one column family per state name
 * (created on first use, reopened with the database), keys ordered by RocksDB's bytewise
 * comparator, the unsigned order the heap backend uses too.
 *
 * <p>Writes skip RocksDB's write-ahead log. State is made durable by checkpoints (a flush, then
 * RocksDB's hard-linked checkpoint), and a job restarts from its last checkpoint and replays its
 * sources from that checkpoint's offsets; state written after the checkpoint is never read again,
 * so logging it would cost a second write of every change for nothing.
 *
 * <p>Native objects are closed in the reverse order of their creation: open iterators, the pending
 * batch, the column family handles, the database, the read, write and flush options, and last the
 * database and column family options with the filter they point to (the block cache is shared by
 * every backend and lives as long as the process). Using a native object after its close crashes
 * the JVM, so every method checks that the backend is open.
 *
 * <p>A write or flush that fails leaves the backend unwritable ({@link #writeFailure}): RocksDB
 * stops a database whose flush failed until it is reopened, and the pending batch of a failed write
 * is gone, so what the state holds is no longer what the job wrote. Later writes, flushes and
 * checkpoints fail with the first failure, without calling RocksDB; reads go on. A failure for want
 * of space (a full disk, or a {@link RocksDbDisk} filled by a test) is DISK_FULL.
 */
public final class RocksDbStateBackend implements StateBackend {
    /** The version written into {@value StateDirectory#FORMAT_FILE}; others are refused. */
    public static final String FORMAT_VERSION = StateDirectory.FORMAT_VERSION;

    public static final String FORMAT_FILE = StateDirectory.FORMAT_FILE;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final RocksDbOptions options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final FlushOptions flushOptions;

    /** In creation order, the default column family first; closed in reverse. */
    private final Map<String, ColumnFamilyHandle> families;

    private final PendingWrites pending = new PendingWrites();
    private final OpenIterators iterators = new OpenIterators();

    /** Serializes close with the one method other threads call, approximateSizeBytes. */
    private final Object lifecycle = new Object();

    private volatile boolean closed;
    private volatile RuntimeException writeFailure;

    private RocksDbStateBackend(
            Path directory,
            RocksDbOptions options,
            RocksDB db,
            Map<String, ColumnFamilyHandle> families) {
        this.directory = directory;
        this.options = options;
        this.db = db;
        this.families = families;
        writeOptions = new WriteOptions().setDisableWAL(true);
        readOptions = new ReadOptions();
        flushOptions = new FlushOptions().setWaitForFlush(true);
    }

    /**
     * Opens the state in {@code directory}, creating it if needed, with every column family it
     * already has.
     */
    public static RocksDbStateBackend open(Path directory) {
        return open(directory, RocksDbDisk.REAL);
    }

    /** As {@link #open(Path)}, its files on {@code disk}. */
    public static RocksDbStateBackend open(Path directory, RocksDbDisk disk) {
        try {
            Files.createDirectories(directory);
            StateDirectory.checkOrCreateFormat(directory);
        } catch (IOException e) {
            throw StateErrors.cannotOpen(directory, e);
        }
        RocksDbOptions options = new RocksDbOptions(disk);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : existingFamilies(directory)) {
                descriptors.add(new ColumnFamilyDescriptor(name, options.columnFamily));
            }
            RocksDB db = RocksDB.open(options.db, directory.toString(), descriptors, handles);
            Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
            for (int i = 0; i < descriptors.size(); i++) {
                String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
                families.put(name, handles.get(i));
            }
            return new RocksDbStateBackend(directory, options, db, families);
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            options.close();
            throw StateErrors.cannotOpen(directory, e);
        }
    }

    private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        try (Options listing = new Options()) {
            return RocksDB.listColumnFamilies(listing, directory.toString());
        }
    }

    /**
     * Starts from the checkpoint in {@code checkpoint}: fills {@code workingDirectory}, which must
     * be empty or absent, from it, opens it and verifies every file's checksums, so that a damaged
     * checkpoint is refused here rather than misread later. The checkpoint is left as it was.
     */
    public static RocksDbStateBackend restore(Path checkpoint, Path workingDirectory) {
        return restore(checkpoint, workingDirectory, RocksDbDisk.REAL);
    }

    /** As {@link #restore(Path, Path)}, the working directory on {@code disk}. */
    public static RocksDbStateBackend restore(
            Path checkpoint, Path workingDirectory, RocksDbDisk disk) {
        try {
            StateDirectory.copyCheckpoint(checkpoint, workingDirectory);
        } catch (IOException e) {
            throw StateErrors.checkpointUnreadable(checkpoint, e.toString(), e);
        }
        RocksDbStateBackend backend = open(workingDirectory, disk);
        try {
            backend.db.verifyChecksum();
        } catch (RocksDBException e) {
            backend.close();
            throw StateErrors.checkpointUnreadable(checkpoint, e.getMessage(), e);
        }
        return backend;
    }

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        ensureOpen();
        return new RocksDbKeyValueState<>(this, family(name), keyCodec, valueCodec);
    }

    private ColumnFamilyHandle family(String name) {
        ColumnFamilyHandle handle = families.get(name);
        if (handle == null) {
            try {
                handle =
                        db.createColumnFamily(
                                new ColumnFamilyDescriptor(
                                        name.getBytes(StandardCharsets.UTF_8),
                                        options.columnFamily));
            } catch (RocksDBException e) {
                throw new IllegalStateException(
                        "Cannot create the column family '" + name + "' in '" + directory + "'.",
                        e);
            }
            synchronized (lifecycle) {
                families.put(name, handle);
            }
        }
        return handle;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The state backend in '" + directory + "' is closed.");
        }
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) {
        ensureOpen();
        try {
            return pending.get(db, family, readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("A state read failed in '" + directory + "'.", e);
        }
    }

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        ensureWritable();
        try {
            pending.put(family, key, value);
            if (pending.isFull()) {
                pending.writeTo(db, writeOptions);
            }
        } catch (RocksDBException e) {
            throw failedWrite("A state write failed", e);
        }
    }

    void delete(ColumnFamilyHandle family, byte[] key) {
        ensureWritable();
        try {
            pending.delete(family, key);
            if (pending.isFull()) {
                pending.writeTo(db, writeOptions);
            }
        } catch (RocksDBException e) {
            throw failedWrite("A state write failed", e);
        }
    }

    private void ensureWritable() {
        ensureOpen();
        RuntimeException failure = writeFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Records the first failed write or flush, after which the backend takes no more writes. */
    private RuntimeException failedWrite(String what, RocksDBException e) {
        RuntimeException failure = failure(directory, what, e);
        writeFailure = failure;
        return failure;
    }

    /**
     * DISK_FULL for a write that found no space: RocksDB's NoSpace, or the space limit of a {@link
     * RocksDbDisk} (an IOError whose sub-code RocksDB's Java API does not name, hence the message);
     * an IllegalStateException for anything else.
     */
    static RuntimeException failure(Path directory, String what, RocksDBException e) {
        Status status = e.getStatus();
        String message = String.valueOf(e.getMessage());
        if (status != null && status.getSubCode() == Status.SubCode.NoSpace
                || message.contains("No space left on device")
                || message.contains("Max allowed space was reached")) {
            return StateErrors.diskFull(directory, e);
        }
        return new IllegalStateException(what + " in '" + directory + "'.", e);
    }

    @Override
    public Optional<RuntimeException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /**
     * A lazy scan of {@code [from, to)} (null: unbounded). The pending batch is written first, so
     * the scan's snapshot holds every write so far and none made while it is open.
     */
    <K, V> RocksDbIterator<K, V> scan(
            ColumnFamilyHandle family,
            byte[] from,
            byte[] to,
            Codec<K> keyCodec,
            Codec<V> valueCodec) {
        ensureWritable();
        writePending();
        return new RocksDbIterator<>(db, family, from, to, iterators, keyCodec, valueCodec);
    }

    private void writePending() {
        try {
            pending.writeTo(db, writeOptions);
        } catch (RocksDBException e) {
            throw failedWrite("A state write failed", e);
        }
    }

    @Override
    public void flush() {
        ensureWritable();
        writePending();
        try {
            db.flush(flushOptions, new ArrayList<>(families.values()));
            // Each flush may add a small file per family; bound how many pile up.
            SmallFileCompaction.compactIfFragmented(db, families.values());
        } catch (RocksDBException e) {
            throw failedWrite("A state flush failed", e);
        }
    }

    /** Live SST files of the column family {@code name} (0 if it does not exist): for tests. */
    long liveFileCount(String name) {
        ensureOpen();
        ColumnFamilyHandle handle = families.get(name);
        return handle == null ? 0 : db.getColumnFamilyMetaData(handle).fileCount();
    }

    /**
     * Live data in files, plus memtables, plus the pending batch. RocksDB's properties may be read
     * from any thread; the lock only keeps close from freeing the database meanwhile.
     */
    @Override
    public long approximateSizeBytes() {
        synchronized (lifecycle) {
            if (closed) {
                return 0;
            }
            long size = pending.bytes();
            try {
                for (ColumnFamilyHandle handle : families.values()) {
                    size += db.getLongProperty(handle, "rocksdb.estimate-live-data-size");
                    size += db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables");
                }
            } catch (RocksDBException e) {
                return size; // an estimate: a property RocksDB cannot give counts as nothing
            }
            return size;
        }
    }

    /**
     * Flushes (writes skip the WAL, so only flushed data reaches a checkpoint), lets RocksDB
     * hard-link its files into a temporary directory, adds the format file, and renames the
     * directory to {@code target}: a checkpoint directory under its final name is always whole.
     */
    @Override
    public void checkpoint(Path target) {
        flush();
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".inprogress");
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            if (Files.exists(absolute)) {
                throw new FileAlreadyExistsException(absolute.toString());
            }
            Files.createDirectories(absolute.getParent());
            deleteRecursively(temporary); // left by a checkpoint that crashed half-way
            checkpoint.createCheckpoint(temporary.toString());
            StateDirectory.writeFormat(temporary);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(checkpointFailed(target), e);
        } catch (RocksDBException e) {
            throw new IllegalStateException(checkpointFailed(target), e);
        }
    }

    private String checkpointFailed(Path target) {
        return "Cannot checkpoint the state of '" + directory + "' to '" + target + "'.";
    }

    public Path directory() {
        return directory;
    }

    /** Writes since the last flush are discarded; see {@link StateBackend#flush}. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            iterators.closeAll();
            pending.discard();
            pending.close();
            List<ColumnFamilyHandle> handles = new ArrayList<>(families.values());
            Collections.reverse(handles);
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            flushOptions.close();
            readOptions.close();
            writeOptions.close();
            options.close();
        }
    }

    /** Closes and deletes the state directory: for jobs whose state dies with them. */
    public void closeAndDelete() {
        close();
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the state in '" + directory + "'.", e);
        }
    }

    /** Deletes {@code root} and everything below it, if it exists. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
