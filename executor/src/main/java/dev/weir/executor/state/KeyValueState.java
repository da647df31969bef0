package dev.weir.executor.state;

import java.util.Map;

/**
 * One named map of an operator's state, ordered by the unsigned byte order of the encoded keys.
 * Iterators must be closed; they see the state as of their creation or later.
 */
public interface KeyValueState<K, V> {
    /** The value under {@code key}, or null. */
    V get(K key);

    void put(K key, V value);

    void delete(K key);

    /** Entries whose encoded key starts with the encoding of {@code prefix}, in key order. */
    CloseableIterator<Map.Entry<K, V>> prefix(K prefix);

    /** Entries with {@code from <= key < to} by encoded order, in key order. */
    CloseableIterator<Map.Entry<K, V>> range(K from, K to);

    /** Every entry, in key order. */
    CloseableIterator<Map.Entry<K, V>> all();
}
