package dev.weir.executor.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The iterators a backend has handed out and that are still open, so that closing the backend
 * closes them too (as Kafka Streams' RocksDBStore does): an iterator over native memory that
 * outlives its database crashes the JVM rather than throwing.
 */
public final class OpenIterators {
    private final Set<CloseableIterator<?>> open =
            Collections.newSetFromMap(new IdentityHashMap<>());

    public void add(CloseableIterator<?> iterator) {
        open.add(iterator);
    }

    /** Called by an iterator's own close. */
    public void remove(CloseableIterator<?> iterator) {
        open.remove(iterator);
    }

    public int size() {
        return open.size();
    }

    /** Closes every open iterator; each removes itself, hence the copy. */
    public void closeAll() {
        List<CloseableIterator<?>> copy = new ArrayList<>(open);
        copy.forEach(CloseableIterator::close);
        open.clear();
    }
}
