package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.SnapshotStore;
import dev.weir.executor.state.StateErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link SnapshotStore} in a RocksDB database of its own, sharing the process's block cache and
 * memtable budget with every state backend ({@link RocksDbOptions}): its entries live on disk, and
 * native memory stays within that cache however large it grows.
 *
 * <p>A batch is one {@link WriteBatch}, which RocksDB applies atomically; a scan is a RocksDB
 * iterator, which reads from the implicit snapshot taken at its creation. So readers see the store
 * between batches without any lock against the writer. The store is rebuilt on every start (from
 * the job's checkpointed state or the table's log), so writes skip the WAL and opening deletes
 * whatever an earlier run left.
 *
 * <p>Every native call holds the read side of a lock whose write side {@link #close} takes: a call
 * racing a close either finishes before the database is freed or sees it closed and throws.
 */
public final class RocksDbSnapshotStore implements SnapshotStore {
    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final RocksDbOptions options;
    private final RocksDB db;
    private final ColumnFamilyHandle family;
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    private final ReadOptions readOptions = new ReadOptions();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Set<Scan> scans = ConcurrentHashMap.newKeySet();
    private boolean closed;

    private RocksDbSnapshotStore(
            Path directory, RocksDbOptions options, RocksDB db, ColumnFamilyHandle family) {
        this.directory = directory;
        this.options = options;
        this.db = db;
        this.family = family;
    }

    /** Opens an empty store in {@code directory}, deleting what was there. */
    public static RocksDbSnapshotStore open(Path directory) {
        return open(directory, RocksDbDisk.REAL);
    }

    /** As {@link #open(Path)}, its files on {@code disk}. */
    public static RocksDbSnapshotStore open(Path directory, RocksDbDisk disk) {
        try {
            RocksDbStateBackend.deleteRecursively(directory);
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw StateErrors.cannotOpen(directory, e);
        }
        RocksDbOptions options = new RocksDbOptions(disk);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db =
                    RocksDB.open(
                            options.db,
                            directory.toString(),
                            List.of(
                                    new ColumnFamilyDescriptor(
                                            RocksDB.DEFAULT_COLUMN_FAMILY, options.columnFamily)),
                            handles);
            return new RocksDbSnapshotStore(directory, options, db, handles.get(0));
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            options.close();
            throw StateErrors.cannotOpen(directory, e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return db.get(family, readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("A read failed in '" + directory + "'.", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void apply(List<Write> batch) {
        lifecycle.readLock().lock();
        try (WriteBatch writes = new WriteBatch()) {
            ensureOpen();
            for (Write write : batch) {
                if (write.isDelete()) {
                    writes.delete(family, write.key());
                } else {
                    writes.put(family, write.key(), write.value());
                }
            }
            db.write(writeOptions, writes);
        } catch (RocksDBException e) {
            throw RocksDbStateBackend.failure(directory, "A write failed", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public CloseableIterator<Map.Entry<byte[], byte[]>> scan(byte[] prefix) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Scan scan = new Scan(db.newIterator(family, readOptions), prefix.clone());
            scans.add(scan);
            return scan;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The store in '" + directory + "' is closed.");
        }
    }

    /** A lazy prefix scan; its RocksDB iterator pins the snapshot it started from until closed. */
    private final class Scan implements CloseableIterator<Map.Entry<byte[], byte[]>> {
        private final RocksIterator iterator;
        private final byte[] prefix;
        private boolean done;

        Scan(RocksIterator iterator, byte[] prefix) {
            this.iterator = iterator;
            this.prefix = prefix;
            iterator.seek(prefix);
        }

        @Override
        public boolean hasNext() {
            lifecycle.readLock().lock();
            try {
                ensureOpen();
                if (done) {
                    return false;
                }
                if (!iterator.isValid() || !startsWithPrefix(iterator.key())) {
                    done = true;
                    return false;
                }
                return true;
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        @Override
        public Map.Entry<byte[], byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            lifecycle.readLock().lock();
            try {
                ensureOpen();
                Map.Entry<byte[], byte[]> entry = Map.entry(iterator.key(), iterator.value());
                iterator.next();
                return entry;
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        private boolean startsWithPrefix(byte[] key) {
            return key.length >= prefix.length
                    && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        }

        @Override
        public void close() {
            // Under the lock, so that a scan's close never overlaps the database's.
            lifecycle.readLock().lock();
            try {
                if (scans.remove(this)) {
                    iterator.close();
                }
            } finally {
                lifecycle.readLock().unlock();
            }
        }
    }

    /** Closes open scans, then the database, then its options, and deletes the files. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Scan scan : new ArrayList<>(scans)) {
                scan.close();
            }
            family.close();
            db.close();
            readOptions.close();
            writeOptions.close();
            options.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
        try {
            RocksDbStateBackend.deleteRecursively(directory);
        } catch (IOException e) {
            // Left for the next open, which deletes it first.
        }
    }
}
