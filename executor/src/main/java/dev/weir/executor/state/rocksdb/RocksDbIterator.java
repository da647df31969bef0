package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.OpenIterators;
import java.util.AbstractMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A lazy scan of one column family over {@code [from, to)}. A RocksDB iterator reads from an
 * implicit snapshot taken at its creation, so it sees neither the writes made while it is open nor
 * the pending batch; the backend therefore writes the batch before creating one.
 *
 * <p>It owns three native objects, closed in this order: the iterator, its read options, and the
 * upper bound slice those options point to (which must outlive the iterator).
 */
final class RocksDbIterator<K, V> implements CloseableIterator<Map.Entry<K, V>> {
    private final OpenIterators registry;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final Slice upperBound;
    private final ReadOptions readOptions;
    private final RocksIterator iterator;
    private boolean closed;

    /**
     * @param from the first key, or null for the first of the column family
     * @param to the key after the last, or null for no end
     */
    RocksDbIterator(
            RocksDB db,
            ColumnFamilyHandle family,
            byte[] from,
            byte[] to,
            OpenIterators registry,
            Codec<K> keyCodec,
            Codec<V> valueCodec) {
        this.registry = registry;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        // With an upper bound RocksDB itself stops at the end of the range, and does not walk
        // through the tombstones that may lie past it looking for a live key.
        upperBound = to == null ? null : new Slice(to);
        readOptions = new ReadOptions();
        if (upperBound != null) {
            readOptions.setIterateUpperBound(upperBound);
        }
        iterator = db.newIterator(family, readOptions);
        if (from == null) {
            iterator.seekToFirst();
        } else {
            iterator.seek(from);
        }
        registry.add(this);
    }

    @Override
    public boolean hasNext() {
        ensureOpen();
        if (iterator.isValid()) {
            return true;
        }
        try {
            iterator.status(); // an iterator also turns invalid on an I/O error: say so
        } catch (RocksDBException e) {
            throw new IllegalStateException("A state scan failed.", e);
        }
        return false;
    }

    @Override
    public Map.Entry<K, V> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        K key = keyCodec.fromBytes(iterator.key());
        V value = valueCodec.fromBytes(iterator.value());
        iterator.next();
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    /** Native memory freed twice crashes the JVM; a closed iterator throws instead. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The state iterator is closed.");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.remove(this);
        iterator.close();
        readOptions.close();
        if (upperBound != null) {
            upperBound.close();
        }
    }
}
