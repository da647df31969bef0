package dev.weir.flink.state;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.KeyValueState;
import dev.weir.flink.types.EncodedKeys;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * One of a hosted operator's named states, as Flink keyed state: a {@link MapState} of encoded keys
 * to encoded values, scoped by Flink to the key being processed. So a Weir operator that keeps one
 * ordered map sees, at any moment, the entries written while processing the current key, which is
 * all its per-row work needs (see {@code KeyedOperator}); Flink checkpoints, restores and
 * redistributes them by key group, on the heap or in RocksDB.
 *
 * <p>Scans read the current key's entries and sort them: Flink's map state has no order of its own
 * (a hash map on the heap; RocksDB's order puts a length before the bytes). A scan's cost grows
 * with the entries of one key, never of the whole operator. Iterators work on a copy, so writes
 * while iterating neither show up in them nor disturb them, as {@link KeyValueState} requires.
 */
final class FlinkKeyValueState<K, V> implements KeyValueState<K, V> {
    private final MapState<String, byte[]> map;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    FlinkKeyValueState(MapState<String, byte[]> map, Codec<K> keyCodec, Codec<V> valueCodec) {
        this.map = map;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    private String encode(K key) {
        return EncodedKeys.of(keyCodec.toBytes(key));
    }

    @Override
    public V get(K key) {
        byte[] value;
        try {
            value = map.get(encode(key));
        } catch (Exception e) {
            throw failed("read", e);
        }
        return value == null ? null : valueCodec.fromBytes(value);
    }

    @Override
    public void put(K key, V value) {
        try {
            map.put(encode(key), valueCodec.toBytes(value));
        } catch (Exception e) {
            throw failed("write", e);
        }
    }

    @Override
    public void delete(K key) {
        try {
            map.remove(encode(key));
        } catch (Exception e) {
            throw failed("write", e);
        }
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> prefix(K prefix) {
        byte[] from = keyCodec.toBytes(prefix);
        byte[] to = KeyPrefixes.next(from);
        return scan(EncodedKeys.of(from), to == null ? null : EncodedKeys.of(to));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> range(K from, K to) {
        String lower = encode(from);
        String upper = encode(to);
        if (lower.compareTo(upper) >= 0) {
            return scan("", "");
        }
        return scan(lower, upper);
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> all() {
        return scan(null, null);
    }

    /** The current key's entries with {@code from <= key < to} (null: unbounded), in order. */
    private CloseableIterator<Map.Entry<K, V>> scan(String from, String to) {
        List<Map.Entry<String, byte[]>> found = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> e : map.entries()) {
                String key = e.getKey();
                if ((from == null || key.compareTo(from) >= 0)
                        && (to == null || key.compareTo(to) < 0)) {
                    found.add(new AbstractMap.SimpleImmutableEntry<>(key, e.getValue()));
                }
            }
        } catch (Exception e) {
            throw failed("read", e);
        }
        found.sort(Map.Entry.comparingByKey());
        Iterator<Map.Entry<String, byte[]>> it = found.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<K, V> next() {
                Map.Entry<String, byte[]> e = it.next();
                return new AbstractMap.SimpleImmutableEntry<>(
                        keyCodec.fromBytes(EncodedKeys.bytes(e.getKey())),
                        valueCodec.fromBytes(e.getValue()));
            }

            @Override
            public void close() {}
        };
    }

    private static IllegalStateException failed(String what, Exception e) {
        return new IllegalStateException("Cannot " + what + " Flink keyed state", e);
    }
}
