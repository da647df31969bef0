package dev.weir.executor.state.memory;

import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.OpenIterators;
import dev.weir.executor.state.StateBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State on the Java heap: one sorted map of encoded keys per name, ordered as RocksDB orders them
 * (unsigned bytes), so operators see the same order on both backends. Keys and values are stored
 * encoded, as RocksDB stores them, so that a codec bug shows up on the heap too and checkpoints
 * need no codecs.
 */
public final class HeapStateBackend implements StateBackend {
    private final Map<String, NavigableMap<byte[], byte[]>> maps = new HashMap<>();
    private final OpenIterators iterators = new OpenIterators();

    /**
     * Kept up to date on every write rather than summed on demand: metrics read it from other
     * threads while the job thread writes, and walking the maps then would race with the writes.
     */
    private final AtomicLong sizeBytes = new AtomicLong();

    private volatile boolean closed;

    public HeapStateBackend() {}

    /** A backend holding what {@link #checkpoint} wrote into {@code checkpoint}. */
    public static HeapStateBackend restore(Path checkpoint) {
        HeapStateBackend backend = new HeapStateBackend();
        HeapCheckpoints.read(checkpoint, backend::restoreEntry);
        return backend;
    }

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        ensureOpen();
        return new HeapKeyValueState<>(this, map(name), keyCodec, valueCodec);
    }

    private NavigableMap<byte[], byte[]> map(String name) {
        return maps.computeIfAbsent(name, n -> new TreeMap<>(Arrays::compareUnsigned));
    }

    private void restoreEntry(String name, byte[] key, byte[] value) {
        map(name).put(key, value);
        sizeChanged(entrySize(key, value));
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The state backend is closed.");
        }
    }

    OpenIterators iterators() {
        return iterators;
    }

    /** Called on every change of an entry; a removed entry passes negative sizes. */
    void sizeChanged(long deltaBytes) {
        sizeBytes.addAndGet(deltaBytes);
    }

    @Override
    public void flush() {
        ensureOpen();
    }

    @Override
    public long approximateSizeBytes() {
        return closed ? 0 : sizeBytes.get();
    }

    @Override
    public void checkpoint(Path target) {
        ensureOpen();
        HeapCheckpoints.write(target, maps);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        iterators.closeAll();
        maps.clear();
        sizeBytes.set(0);
    }

    /** What one entry costs beyond its bytes: a tree node and two array headers, roughly. */
    static long entrySize(byte[] key, byte[] value) {
        return key.length + value.length + 64L;
    }
}
