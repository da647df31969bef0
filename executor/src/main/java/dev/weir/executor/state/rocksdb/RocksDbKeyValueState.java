package dev.weir.executor.state.rocksdb;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.KeyValueState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;

/** One column family as a typed map. Scans read eagerly, so callers may write while iterating. */
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
        return decode(backend.scan(family, from, KeyPrefixes.next(from)));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> range(K from, K to) {
        return decode(backend.scan(family, keyCodec.toBytes(from), keyCodec.toBytes(to)));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> all() {
        return decode(backend.scan(family, null, null));
    }

    private CloseableIterator<Map.Entry<K, V>> decode(List<Map.Entry<byte[], byte[]>> raw) {
        List<Map.Entry<K, V>> out = new ArrayList<>(raw.size());
        for (Map.Entry<byte[], byte[]> e : raw) {
            out.add(
                    new AbstractMap.SimpleImmutableEntry<>(
                            keyCodec.fromBytes(e.getKey()), valueCodec.fromBytes(e.getValue())));
        }
        return RocksDbStateBackend.iterator(out);
    }
}
