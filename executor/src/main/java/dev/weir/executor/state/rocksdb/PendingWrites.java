package dev.weir.executor.state.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * Writes not yet in the database, in an indexed batch, so that reads find them (read-your-writes,
 * exactly as on the heap) and a hot key updated many times between writes reaches RocksDB once. The
 * batch is written when it holds {@link #MAX_OPERATIONS} operations or {@link #MAX_BYTES} bytes, at
 * a flush, and before an iterator is created.
 */
final class PendingWrites implements AutoCloseable {
    static final int MAX_OPERATIONS = 1_000;

    /** Bounds the batch's memory when values are large. */
    static final long MAX_BYTES = 4L << 20;

    /** overwrite_key = true: a key's later write replaces its earlier one in the index. */
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);

    private int operations;

    /** Written by the job thread only; read by metrics threads. */
    private volatile long bytes;

    boolean isEmpty() {
        return operations == 0;
    }

    boolean isFull() {
        return operations >= MAX_OPERATIONS || bytes >= MAX_BYTES;
    }

    long bytes() {
        return bytes;
    }

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) throws RocksDBException {
        batch.put(family, key, value);
        count(key.length + value.length);
    }

    void delete(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
        batch.delete(family, key);
        count(key.length);
    }

    private void count(int size) {
        operations++;
        bytes = bytes + size;
    }

    /** The value of {@code key}: from the batch if written there (a delete gives null), else db. */
    byte[] get(RocksDB db, ColumnFamilyHandle family, ReadOptions options, byte[] key)
            throws RocksDBException {
        return operations == 0
                ? db.get(family, options, key)
                : batch.getFromBatchAndDB(db, family, options, key);
    }

    void writeTo(RocksDB db, WriteOptions options) throws RocksDBException {
        if (operations > 0) {
            db.write(options, batch);
            discard();
        }
    }

    /** Forgets what is pending, as a close without a flush does. */
    void discard() {
        batch.clear();
        operations = 0;
        bytes = 0;
    }

    @Override
    public void close() {
        batch.close();
    }
}
