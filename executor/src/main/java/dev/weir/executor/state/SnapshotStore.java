package dev.weir.executor.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Byte keys and values that one writer changes a whole batch at a time and any number of threads
 * read: what readers of a materialized view or a table use, apart from the writer's own state. A
 * read sees the store between two batches, never inside one; a scan sees it as of its start, for as
 * long as it is open, however many batches are applied meanwhile.
 *
 * <p>Thread-safe. After {@link #close} every call (close aside) throws {@link
 * IllegalStateException}, and open scans too: a store of native memory must never be touched once
 * freed.
 */
public interface SnapshotStore extends AutoCloseable {
    /** One write of a batch: a put, or, with no value, a delete. */
    record Write(byte[] key, byte[] value) {
        public Write {
            Objects.requireNonNull(key, "key is null");
        }

        public static Write put(byte[] key, byte[] value) {
            return new Write(key, Objects.requireNonNull(value, "value is null"));
        }

        public static Write delete(byte[] key) {
            return new Write(key, null);
        }

        public boolean isDelete() {
            return value == null;
        }
    }

    /** The value under {@code key} after the last applied batch, or null. */
    byte[] get(byte[] key);

    /** Applies the writes in order, all at once for readers. Called by the one writer only. */
    void apply(List<Write> batch);

    /**
     * Entries whose key starts with {@code prefix}, in unsigned key order, as of now. Must be
     * closed; one thread at a time may use it.
     */
    CloseableIterator<Map.Entry<byte[], byte[]>> scan(byte[] prefix);

    /** Frees the store (and deletes its files, if it has any: it is rebuilt on every start). */
    @Override
    void close();
}
