package dev.weir.executor.state;

import java.util.Iterator;

/** An iterator over state that holds native resources until closed. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
