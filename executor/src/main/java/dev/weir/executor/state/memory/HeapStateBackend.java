package dev.weir.executor.state.memory;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.StateBackend;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * State on the Java heap: one sorted map of encoded keys per name, ordered as RocksDB orders them
 * (unsigned bytes), so operators see the same order on both backends.
 */
public final class HeapStateBackend implements StateBackend {
    private final Map<String, NavigableMap<byte[], byte[]>> maps = new HashMap<>();
    private long approximateSize;

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        NavigableMap<byte[], byte[]> map =
                maps.computeIfAbsent(name, n -> new TreeMap<>(Arrays::compareUnsigned));
        return new HeapKeyValueState<>(map, keyCodec, valueCodec);
    }

    @Override
    public void flush() {}

    @Override
    public long approximateSizeBytes() {
        long size = 0;
        for (NavigableMap<byte[], byte[]> map : maps.values()) {
            for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
                size += e.getKey().length + e.getValue().length + 64;
            }
        }
        approximateSize = size;
        return approximateSize;
    }

    /** Writes every map as (name, entry count, then length-prefixed keys and values). */
    @Override
    public void checkpoint(Path target) {
        try {
            Files.createDirectories(target);
            try (OutputStream file = Files.newOutputStream(target.resolve("heap-state.bin"));
                    DataOutputStream out = new DataOutputStream(file)) {
                out.writeInt(maps.size());
                for (Map.Entry<String, NavigableMap<byte[], byte[]>> map : maps.entrySet()) {
                    out.writeUTF(map.getKey());
                    out.writeInt(map.getValue().size());
                    for (Map.Entry<byte[], byte[]> e : map.getValue().entrySet()) {
                        out.writeInt(e.getKey().length);
                        out.write(e.getKey());
                        out.writeInt(e.getValue().length);
                        out.write(e.getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write heap state checkpoint to " + target, e);
        }
    }

    /** A backend holding what {@link #checkpoint} wrote into {@code checkpoint}. */
    public static HeapStateBackend restore(Path checkpoint) {
        HeapStateBackend backend = new HeapStateBackend();
        Path file = checkpoint.resolve("heap-state.bin");
        try (java.io.DataInputStream in =
                new java.io.DataInputStream(
                        new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int mapCount = in.readInt();
            for (int m = 0; m < mapCount; m++) {
                String name = in.readUTF();
                NavigableMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
                int entries = in.readInt();
                for (int e = 0; e < entries; e++) {
                    byte[] key = in.readNBytes(in.readInt());
                    byte[] value = in.readNBytes(in.readInt());
                    map.put(key, value);
                }
                backend.maps.put(name, map);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read heap state checkpoint " + file, e);
        }
        return backend;
    }

    @Override
    public void close() {
        maps.clear();
    }

    private static final class HeapKeyValueState<K, V> implements KeyValueState<K, V> {
        private final NavigableMap<byte[], byte[]> map;
        private final Codec<K> keyCodec;
        private final Codec<V> valueCodec;

        HeapKeyValueState(
                NavigableMap<byte[], byte[]> map, Codec<K> keyCodec, Codec<V> valueCodec) {
            this.map = map;
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
        }

        @Override
        public V get(K key) {
            byte[] value = map.get(keyCodec.toBytes(key));
            return value == null ? null : valueCodec.fromBytes(value);
        }

        @Override
        public void put(K key, V value) {
            map.put(keyCodec.toBytes(key), valueCodec.toBytes(value));
        }

        @Override
        public void delete(K key) {
            map.remove(keyCodec.toBytes(key));
        }

        @Override
        public CloseableIterator<Map.Entry<K, V>> prefix(K prefix) {
            byte[] from = keyCodec.toBytes(prefix);
            byte[] to = KeyPrefixes.next(from);
            return iterate(
                    to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false));
        }

        @Override
        public CloseableIterator<Map.Entry<K, V>> range(K from, K to) {
            return iterate(map.subMap(keyCodec.toBytes(from), true, keyCodec.toBytes(to), false));
        }

        @Override
        public CloseableIterator<Map.Entry<K, V>> all() {
            return iterate(map);
        }

        /**
         * Iterates over a copy, so that an operator may change the state while it iterates (as it
         * may with RocksDB, whose iterators see a snapshot).
         */
        private CloseableIterator<Map.Entry<K, V>> iterate(NavigableMap<byte[], byte[]> view) {
            Iterator<Map.Entry<byte[], byte[]>> entries = new TreeMap<>(view).entrySet().iterator();
            return new CloseableIterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Map.Entry<K, V> next() {
                    Map.Entry<byte[], byte[]> e = entries.next();
                    return new AbstractMap.SimpleImmutableEntry<>(
                            keyCodec.fromBytes(e.getKey()), valueCodec.fromBytes(e.getValue()));
                }

                @Override
                public void close() {}
            };
        }
    }
}
