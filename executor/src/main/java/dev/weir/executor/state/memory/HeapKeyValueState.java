package dev.weir.executor.state.memory;

import dev.weir.executor.state.BytesOut;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.KeyValueState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/** One name's sorted map, typed through its codecs. */
final class HeapKeyValueState<K, V> implements KeyValueState<K, V> {
    private final HeapStateBackend backend;
    private final NavigableMap<byte[], byte[]> map;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    /** Encodes into this, then copies out the exact bytes: one array per key or value, not two. */
    private final BytesOut scratch = new BytesOut(256);

    HeapKeyValueState(
            HeapStateBackend backend,
            NavigableMap<byte[], byte[]> map,
            Codec<K> keyCodec,
            Codec<V> valueCodec) {
        this.backend = backend;
        this.map = map;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    @Override
    public V get(K key) {
        backend.ensureOpen();
        byte[] value = map.get(bytes(keyCodec, key));
        return value == null ? null : valueCodec.fromBytes(value);
    }

    @Override
    public void put(K key, V value) {
        backend.ensureOpen();
        byte[] k = bytes(keyCodec, key);
        byte[] v = bytes(valueCodec, value);
        byte[] old = map.put(k, v);
        backend.sizeChanged(
                old == null ? HeapStateBackend.entrySize(k, v) : (long) v.length - old.length);
    }

    @Override
    public void delete(K key) {
        backend.ensureOpen();
        byte[] k = bytes(keyCodec, key);
        byte[] old = map.remove(k);
        if (old != null) {
            backend.sizeChanged(-HeapStateBackend.entrySize(k, old));
        }
    }

    private <T> byte[] bytes(Codec<T> codec, T value) {
        scratch.reset();
        codec.encode(value, scratch);
        return scratch.toByteArray();
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> prefix(K prefix) {
        backend.ensureOpen();
        byte[] from = keyCodec.toBytes(prefix);
        byte[] to = KeyPrefixes.next(from);
        return iterate(to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> range(K from, K to) {
        backend.ensureOpen();
        byte[] start = keyCodec.toBytes(from);
        byte[] end = keyCodec.toBytes(to);
        // TreeMap.subMap throws when from > to; RocksDB, and so the contract, gives nothing.
        if (Arrays.compareUnsigned(start, end) >= 0) {
            return iterate(map.subMap(start, true, start, false));
        }
        return iterate(map.subMap(start, true, end, false));
    }

    @Override
    public CloseableIterator<Map.Entry<K, V>> all() {
        backend.ensureOpen();
        return iterate(map);
    }

    /**
     * Iterates over a copy of the entries, so the iterator sees the state as of its creation,
     * whatever is written meanwhile, as a RocksDB iterator does. The pairs are copied, not the
     * map's entries: a TreeMap changes those in place on overwrite and on removal. The arrays are
     * shared, being never changed, only replaced. Decoding waits for {@code next()}.
     */
    private CloseableIterator<Map.Entry<K, V>> iterate(NavigableMap<byte[], byte[]> view) {
        // Not sized by view.size(): a sub-map counts its entries by walking them, a second walk.
        List<Map.Entry<byte[], byte[]>> copy = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
            copy.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
        }
        HeapIterator it = new HeapIterator(copy);
        backend.iterators().add(it);
        return it;
    }

    private final class HeapIterator implements CloseableIterator<Map.Entry<K, V>> {
        private final Iterator<Map.Entry<byte[], byte[]>> entries;
        private boolean closed;

        HeapIterator(List<Map.Entry<byte[], byte[]>> entries) {
            this.entries = entries.iterator();
        }

        @Override
        public boolean hasNext() {
            ensureOpen();
            return entries.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            ensureOpen();
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<byte[], byte[]> e = entries.next();
            return new AbstractMap.SimpleImmutableEntry<>(
                    keyCodec.fromBytes(e.getKey()), valueCodec.fromBytes(e.getValue()));
        }

        private void ensureOpen() {
            if (closed) {
                throw new IllegalStateException("The state iterator is closed.");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                backend.iterators().remove(this);
            }
        }
    }
}
