package dev.weir.executor.state;

import java.util.Map;

/**
 * One named map of an operator's state, ordered by the unsigned byte order of the encoded keys.
 *
 * <p>Reads see every earlier write, flushed or not. An iterator sees the state exactly as it was
 * when the iterator was created: writes made while iterating (the usual "scan, then delete what was
 * found") neither show up in it nor disturb it. Iterators must be closed; closing the backend
 * closes those still open, and using them afterwards throws {@link IllegalStateException}.
 */
public interface KeyValueState<K, V> {
    /** The value under {@code key}, or null. */
    V get(K key);

    void put(K key, V value);

    void delete(K key);

    /** Entries whose encoded key starts with the encoding of {@code prefix}, in key order. */
    CloseableIterator<Map.Entry<K, V>> prefix(K prefix);

    /** Entries with {@code from <= key < to} by encoded order, in key order; none if from >= to. */
    CloseableIterator<Map.Entry<K, V>> range(K from, K to);

    /** Every entry, in key order. */
    CloseableIterator<Map.Entry<K, V>> all();
}
