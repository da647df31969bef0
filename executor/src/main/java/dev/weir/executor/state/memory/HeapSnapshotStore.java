package dev.weir.executor.state.memory;

import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyPrefixes;
import dev.weir.executor.state.SnapshotStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link SnapshotStore} on the heap, for an engine without a data directory (where there is no
 * disk to keep rows on). A scan copies the entries it covers when it starts: the rows are on the
 * heap anyway, and a copy is the simplest consistent view.
 */
public final class HeapSnapshotStore implements SnapshotStore {
    private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
    private boolean closed;

    @Override
    public synchronized byte[] get(byte[] key) {
        ensureOpen();
        return entries.get(key);
    }

    @Override
    public synchronized void apply(List<Write> batch) {
        ensureOpen();
        for (Write write : batch) {
            if (write.isDelete()) {
                entries.remove(write.key());
            } else {
                entries.put(write.key(), write.value());
            }
        }
    }

    @Override
    public synchronized CloseableIterator<Map.Entry<byte[], byte[]>> scan(byte[] prefix) {
        ensureOpen();
        byte[] end = KeyPrefixes.next(prefix);
        NavigableMap<byte[], byte[]> covered =
                end == null
                        ? entries.tailMap(prefix, true)
                        : entries.subMap(prefix, true, end, false);
        List<Map.Entry<byte[], byte[]>> copy = new ArrayList<>(covered.size());
        covered.forEach((k, v) -> copy.add(Map.entry(k, v)));
        Iterator<Map.Entry<byte[], byte[]>> it = copy.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<byte[], byte[]> next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The store is closed.");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        entries.clear();
    }
}
