package dev.weir.executor.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a job's operators keep their state. Two implementations: RocksDB (the default; durable,
 * checkpointable) and heap (tests and small jobs). Both order keys the same way and pass one
 * contract test, so an operator behaves the same on either.
 *
 * <p>A backend belongs to one job thread and is not thread-safe, with one exception: {@link
 * #approximateSizeBytes} is read by metrics from other threads, at any time, close included, and
 * gives 0 once closed. After {@link #close} the other methods (close aside) throw {@link
 * IllegalStateException}.
 */
public interface StateBackend extends AutoCloseable {
    /**
     * The named state, created empty the first time. The same name always gives the same state;
     * names are unique within a backend (operators prefix them with their id).
     */
    <K, V> KeyValueState<K, V> keyValueState(String name, Codec<K> keyCodec, Codec<V> valueCodec);

    /**
     * Makes every write so far durable in the backend's own storage (for RocksDB: written and its
     * memtables flushed to files), so that a reopened backend sees it. Writes after the last flush
     * may be lost on close; checkpoints, not flushes, are what a job recovers from.
     */
    void flush();

    /** An estimate of the state's size in bytes; grows with what is written. Thread-safe. */
    long approximateSizeBytes();

    /**
     * Writes a consistent copy of all state into {@code target}, which must not exist; each backend
     * has a static {@code restore} that starts from it.
     */
    void checkpoint(Path target);

    /**
     * Why this backend can no longer write, once a write or a flush failed: RocksDB stops a
     * database whose flush failed (a full disk) until it is reopened, so every later write and
     * checkpoint would fail too. A job whose state cannot write fails, to be restarted from its
     * last checkpoint, rather than going on with state it can neither keep nor checkpoint.
     * Thread-safe.
     */
    default Optional<RuntimeException> writeFailure() {
        return Optional.empty();
    }

    /** Closes open iterators and frees resources. Idempotent. */
    @Override
    void close();
}
