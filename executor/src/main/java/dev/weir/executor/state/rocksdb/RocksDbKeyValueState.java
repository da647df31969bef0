package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.KeyValueState;
import java.util.Arrays;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;

/** One column family as a typed map; the backend owns the database and the pending writes. */
final class RocksDbKeyValueState<K, V> implements KeyValueState<K, V> {
    private final RocksDbStateBackend backend;
    private final ColumnFamilyHandle family;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    RocksDbKeyValueState(
            RocksDbStateBackend backend,
            ColumnFamilyHandle family,
            Codec<K> keyCodec,
            Codec<V> valueCodec) {
        this.backend = backend;
        this.family = family;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    @Override
    public V get(K key) {
        byte[] value = backend.get(family, keyCodec.toBytes(key));
        return value == null ? null : valueCodec.fromBytes(value);
    }

    @Override
    public void put(K key, V value) {
        backend.put(family, keyCodec.toBytes(key), valueCodec.toBytes(value));
    }

    @Override
    public void delete(K key) {
        backend.delete(family, keyCodec.toBytes(key));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> prefix(K prefix) {
        byte[] from = keyCodec.toBytes(prefix);
        return backend.scan(family, from, KeyPrefixes.next(from), keyCodec, valueCodec);
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> range(K from, K to) {
        byte[] start = keyCodec.toBytes(from);
        byte[] end = keyCodec.toBytes(to);
        // An empty range, said so without asking RocksDB to seek past its own upper bound.
        if (Arrays.compareUnsigned(start, end) >= 0) {
            end = start;
        }
        return backend.scan(family, start, end, keyCodec, valueCodec);
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> all() {
        return backend.scan(family, null, null, keyCodec, valueCodec);
    }
}
