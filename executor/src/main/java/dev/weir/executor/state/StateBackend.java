package dev.weir.executor.state;

import java.nio.file.Path;

/**
 * Where a job's operators keep their state. Two implementations: RocksDB (the default; durable,
 * checkpointable) and heap (tests and small jobs). Both order keys the same way, so an operator
 * behaves the same on either.
 */
public interface StateBackend extends AutoCloseable {
    /**
     * The named state, created empty the first time. The same name always gives the same state;
     * names are unique within a backend (operators prefix them with their id).
     */
    <K, V> KeyValueState<K, V> keyValueState(String name, Codec<K> keyCodec, Codec<V> valueCodec);

    /** Makes every write so far visible to a checkpoint. */
    void flush();

    /** An estimate of the state's size in bytes. */
    long approximateSizeBytes();

    /** Writes a consistent copy of all state into {@code target}, which must not exist. */
    void checkpoint(Path target);

    @Override
    void close();
}
