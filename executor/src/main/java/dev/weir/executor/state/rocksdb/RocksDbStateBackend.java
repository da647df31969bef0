package dev.weir.executor.state.rocksdb;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.StateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * State in RocksDB: one database per job, one column family per state name, keys ordered by
 * RocksDB's bytewise comparator (the unsigned order the heap backend uses too).
 *
 * <p>Writes skip RocksDB's write-ahead log: state is made durable by checkpoints (a flush, then
 * RocksDB's hard-linked checkpoint), and a job restarts from its last checkpoint, never from
 * half-written state. Native objects are closed in reverse order of creation: iterators, column
 * family handles, the database, then the options they were made with.
 */
public final class RocksDbStateBackend implements StateBackend {
    /** Bumped when the layout of keys or values changes; other versions are refused. */
    public static final String FORMAT_VERSION = "weir-state-1";

    static final String FORMAT_FILE = "STATE_FORMAT";

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final LRUCache cache;
    private final ColumnFamilyOptions columnOptions;
    private final DBOptions dbOptions;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final Map<String, ColumnFamilyHandle> families = new ConcurrentHashMap<>();
    private final List<ColumnFamilyHandle> defaultAndOpened = new ArrayList<>();
    private final Set<RocksIterator> openIterators = ConcurrentHashMap.newKeySet();

    /**
     * Writes collect here and reach RocksDB in one write per {@link #BATCH_LIMIT} operations (or at
     * a flush): one JNI crossing per batch instead of per row, and repeated updates of a hot key
     * within a batch overwrite each other. Reads see the batch first, so the backend reads its own
     * writes exactly like the heap one.
     */
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);

    private int batched;

    static final int BATCH_LIMIT = 1_000;

    private RocksDbStateBackend(Path directory) throws RocksDBException, IOException {
        this.directory = directory;
        checkFormat(directory);
        cache = new LRUCache(64L << 20);
        BlockBasedTableConfig table =
                new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        // Point lookups dominate (one get per row and window): a bloom filter
                        // spares the disk for keys that are not there.
                        .setFilterPolicy(new BloomFilter(10, false));
        columnOptions =
                new ColumnFamilyOptions()
                        .setTableFormatConfig(table)
                        // State is small values read and rewritten often: LZ4 costs little CPU.
                        .setCompressionType(CompressionType.LZ4_COMPRESSION);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        List<byte[]> existing;
        try (Options options = new Options()) {
            existing =
                    Files.exists(directory.resolve("CURRENT"))
                            ? RocksDB.listColumnFamilies(options, directory.toString())
                            : List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : existing) {
            descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        for (int i = 0; i < descriptors.size(); i++) {
            String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
            defaultAndOpened.add(handles.get(i));
            families.put(name, handles.get(i));
        }
        writeOptions = new WriteOptions().setDisableWAL(true);
        readOptions = new ReadOptions();
    }

    /** Opens (creating if needed) the state in {@code directory}. */
    public static RocksDbStateBackend open(Path directory) {
        try {
            Files.createDirectories(directory);
            return new RocksDbStateBackend(directory);
        } catch (RocksDBException | IOException e) {
            throw new WeirException(
                    ErrorCode.STATE_CORRUPTED,
                    Optional.empty(),
                    "Cannot open the state in '" + directory + "': " + e.getMessage(),
                    e);
        }
    }

    /** Copies the checkpoint in {@code checkpoint} to {@code workingDirectory} and opens it. */
    public static RocksDbStateBackend restore(Path checkpoint, Path workingDirectory) {
        try {
            Files.createDirectories(workingDirectory);
            try (Stream<Path> files = Files.list(checkpoint)) {
                for (Path file : files.toList()) {
                    Files.copy(file, workingDirectory.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore state from " + checkpoint, e);
        }
        return open(workingDirectory);
    }

    private static void checkFormat(Path directory) throws IOException {
        Path file = directory.resolve(FORMAT_FILE);
        if (!Files.exists(file)) {
            Files.writeString(file, FORMAT_VERSION, StandardCharsets.UTF_8);
            return;
        }
        String found = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!found.equals(FORMAT_VERSION)) {
            throw new WeirException(
                    ErrorCode.STATE_CORRUPTED,
                    Optional.empty(),
                    "The state in '"
                            + directory
                            + "' has format '"
                            + found
                            + "' (see "
                            + file
                            + "), but this Weir reads '"
                            + FORMAT_VERSION
                            + "'. Start the release that"
                            + " wrote it, or delete the directory to rebuild the state from the sources.");
        }
    }

    private ColumnFamilyHandle family(String name) {
        return families.computeIfAbsent(
                name,
                n -> {
                    try {
                        ColumnFamilyHandle handle =
                                db.createColumnFamily(
                                        new ColumnFamilyDescriptor(
                                                n.getBytes(StandardCharsets.UTF_8), columnOptions));
                        synchronized (defaultAndOpened) {
                            defaultAndOpened.add(handle);
                        }
                        return handle;
                    } catch (RocksDBException e) {
                        throw new IllegalStateException("cannot create column family " + n, e);
                    }
                });
    }

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new RocksDbKeyValueState<>(this, family(name), keyCodec, valueCodec);
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) {
        try {
            return batched == 0
                    ? db.get(family, readOptions, key)
                    : batch.getFromBatchAndDB(db, family, readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("state read failed", e);
        }
    }

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        try {
            batch.put(family, key, value);
            afterWrite();
        } catch (RocksDBException e) {
            throw new IllegalStateException("state write failed", e);
        }
    }

    void delete(ColumnFamilyHandle family, byte[] key) {
        try {
            batch.delete(family, key);
            afterWrite();
        } catch (RocksDBException e) {
            throw new IllegalStateException("state delete failed", e);
        }
    }

    private void afterWrite() throws RocksDBException {
        if (++batched >= BATCH_LIMIT) {
            writeBatch();
        }
    }

    private void writeBatch() throws RocksDBException {
        if (batched > 0) {
            db.write(writeOptions, batch);
            batch.clear();
            batched = 0;
        }
    }

    /** Entries in {@code [from, to)} (to null: no upper bound), read eagerly in key order. */
    List<Map.Entry<byte[], byte[]>> scan(ColumnFamilyHandle family, byte[] from, byte[] to) {
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        RocksIterator base = db.newIterator(family, readOptions);
        RocksIterator it = batched == 0 ? base : batch.newIteratorWithBase(family, base);
        openIterators.add(it);
        try {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from);
            }
            while (it.isValid()) {
                byte[] key = it.key();
                if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                    break;
                }
                out.add(Map.entry(key, it.value()));
                it.next();
            }
        } finally {
            openIterators.remove(it);
            it.close();
            if (it != base) {
                base.close();
            }
        }
        return out;
    }

    static <T> CloseableIterator<T> iterator(List<T> items) {
        var it = items.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void flush() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            writeBatch();
            List<ColumnFamilyHandle> handles;
            synchronized (defaultAndOpened) {
                handles = new ArrayList<>(defaultAndOpened);
            }
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new IllegalStateException("state flush failed", e);
        }
    }

    @Override
    public long approximateSizeBytes() {
        long size = 0;
        try {
            for (ColumnFamilyHandle handle : families.values()) {
                size += db.getLongProperty(handle, "rocksdb.estimate-live-data-size");
                size += db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables");
            }
        } catch (RocksDBException e) {
            return -1;
        }
        return size;
    }

    @Override
    public void checkpoint(Path target) {
        flush(); // writes skip the WAL, so only flushed data is in a checkpoint
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            checkpoint.createCheckpoint(target.toString());
            Files.writeString(target.resolve(FORMAT_FILE), FORMAT_VERSION, StandardCharsets.UTF_8);
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot checkpoint state to " + target, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        openIterators.forEach(RocksIterator::close);
        batch.close();
        List<ColumnFamilyHandle> handles;
        synchronized (defaultAndOpened) {
            handles = new ArrayList<>(defaultAndOpened);
            Collections.reverse(handles);
        }
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        readOptions.close();
        writeOptions.close();
        dbOptions.close();
        columnOptions.close();
        cache.close();
    }

    /** Closes and deletes the state directory: for jobs whose state dies with them. */
    public void closeAndDelete() {
        close();
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> all = new ArrayList<>(files.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete state " + directory, e);
        }
    }
}
