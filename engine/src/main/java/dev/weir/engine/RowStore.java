package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.SnapshotStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The current rows of a materialized view or a table as readers see them: a multiset of rows,
 * indexed by the relation's key when it has one, plus the subscribers that receive every change.
 * The rows live in a {@link SnapshotStore} (on disk with a data directory), not on the heap; the
 * heap holds only a bounded cache of key lookups and what each reader has in hand.
 *
 * <p>Changes are applied in batches (a view's job applies one per round, a table one per
 * statement), each written to the store at once, so a reader never sees half an update (the
 * retraction of a row without its replacement). In the store, {@code 0x01 + row} holds how many
 * times the row is there and, for a relation with a key, {@code 0x02 + key} the row with that key.
 *
 * <p>Thread-safe: one writer (the job), any number of readers.
 */
final class RowStore implements AutoCloseable {
    /** A subscriber that falls this far behind is cut off rather than let memory grow unbounded. */
    static final int SUBSCRIBER_BACKLOG_LIMIT = 1_000_000;

    /** Key lookups kept on the heap, the most recently used first out of the store. */
    static final int DEFAULT_LOOKUP_CACHE = 10_000;

    /** Rows loaded from a checkpoint are written to the store this many at a time. */
    private static final int LOAD_BATCH = 4_096;

    private static final byte COUNT = 0x01;
    private static final byte KEY = 0x02;

    private final String relation;
    private final int[] keyFields;
    private final SnapshotStore storage;
    private final Map<Row, Optional<Row>> lookups;
    private final List<RowStoreSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final List<SnapshotStore.Write> loading = new ArrayList<>();
    private volatile long rowCount;
    private volatile boolean closed;

    /**
     * @param relation how messages name the view or table ("the materialized view 'v'")
     * @param lookupCache how many key lookups to keep on the heap
     */
    RowStore(String relation, int[] keyFields, SnapshotStore storage, int lookupCache) {
        this.relation = relation;
        this.keyFields = keyFields.clone();
        this.storage = storage;
        this.lookups =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Row, Optional<Row>> eldest) {
                        return size() > lookupCache;
                    }
                };
    }

    /** Applies one round of the job's changes at once and hands them to every subscriber. */
    synchronized void apply(List<Change> changes) {
        // What this round makes of each row's count and each key's row, by their store keys.
        Map<ByteBuffer, Long> counts = new HashMap<>();
        Map<ByteBuffer, Optional<Row>> keys = new HashMap<>();
        Map<ByteBuffer, Row> keyRows = new HashMap<>();
        long delta = 0;
        for (Change change : changes) {
            Row row = change.row();
            ByteBuffer countKey = ByteBuffer.wrap(storeKey(COUNT, row));
            Long pending = counts.get(countKey);
            long count = pending != null ? pending : storedCount(countKey.array());
            ByteBuffer key = keyFields.length > 0 ? keyOf(row) : null;
            if (change.kind().isAccumulate()) {
                counts.put(countKey, count + 1);
                delta++;
                if (key != null) {
                    keys.put(key, Optional.of(row));
                    keyRows.put(key, row.project(keyFields));
                }
            } else if (count > 0) {
                counts.put(countKey, count - 1);
                delta--;
                if (count == 1 && key != null) {
                    Optional<Row> current =
                            keys.containsKey(key) ? keys.get(key) : storedRow(key.array());
                    if (current.isPresent() && sameRow(current.get(), row)) {
                        keys.put(key, Optional.empty());
                        keyRows.put(key, row.project(keyFields));
                    }
                }
            }
            // else: nothing to retract, the job never emitted this row
        }
        List<SnapshotStore.Write> writes = new ArrayList<>(counts.size() + keys.size());
        counts.forEach(
                (k, n) ->
                        writes.add(
                                n == 0
                                        ? SnapshotStore.Write.delete(k.array())
                                        : SnapshotStore.Write.put(k.array(), encodeCount(n))));
        keys.forEach(
                (k, row) ->
                        writes.add(
                                row.isEmpty()
                                        ? SnapshotStore.Write.delete(k.array())
                                        : SnapshotStore.Write.put(
                                                k.array(), RowCodec.INSTANCE.toBytes(row.get()))));
        run(() -> storage.apply(writes));
        keyRows.values().forEach(lookups::remove);
        rowCount += delta;
        for (RowStoreSubscription subscriber : subscribers) {
            subscriber.offer(changes);
        }
    }

    /** Loads a row restored from a checkpoint, before the job runs; {@link #endLoad} after. */
    synchronized void load(Row row, long count) {
        loading.add(SnapshotStore.Write.put(storeKey(COUNT, row), encodeCount(count)));
        if (keyFields.length > 0) {
            loading.add(
                    SnapshotStore.Write.put(keyOf(row).array(), RowCodec.INSTANCE.toBytes(row)));
        }
        rowCount += count;
        if (loading.size() >= LOAD_BATCH) {
            endLoad();
        }
    }

    /** Writes what {@link #load} gathered. */
    synchronized void endLoad() {
        if (!loading.isEmpty()) {
            List<SnapshotStore.Write> batch = List.copyOf(loading);
            loading.clear();
            run(() -> storage.apply(batch));
        }
    }

    /** Every row, as of the last applied round, read lazily: a source for a snapshot query. */
    synchronized RowStoreSnapshot snapshot() {
        return new RowStoreSnapshot(this, guarded(() -> storage.scan(new byte[] {COUNT})));
    }

    /** How many times {@code row} is in the view now. */
    synchronized long count(Row row) {
        return storedCount(storeKey(COUNT, row));
    }

    /** The row whose key fields equal {@code key}, for a view with a key. */
    synchronized Optional<Row> lookup(Row key) {
        Optional<Row> cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<Row> found = storedRow(storeKey(KEY, key));
        lookups.put(key, found);
        return found;
    }

    boolean hasKey() {
        return keyFields.length > 0;
    }

    long rowCount() {
        return rowCount;
    }

    /**
     * Starts receiving changes: with the current rows first (as inserts) when {@code withSnapshot},
     * atomically, so nothing is missed or seen twice. The rows are read lazily from the store as
     * the subscriber polls, from a scan opened here, before any later round.
     */
    synchronized RowStoreSubscription subscribe(boolean withSnapshot) {
        RowStoreSubscription subscription =
                new RowStoreSubscription(
                        this, withSnapshot ? Optional.of(snapshot()) : Optional.empty());
        subscribers.add(subscription);
        return subscription;
    }

    void unsubscribe(RowStoreSubscription subscription) {
        subscribers.remove(subscription);
    }

    /** The view is dropped or the server stops: every subscriber ends. */
    void closeSubscribers() {
        for (RowStoreSubscription subscriber : subscribers) {
            subscriber.end();
        }
        subscribers.clear();
    }

    /** Ends the subscribers and frees the store; readers still reading get a clear error. */
    @Override
    public void close() {
        closed = true;
        closeSubscribers();
        storage.close();
    }

    /** Decodes a scanned count entry: its row, repeated as often as it is there. */
    static Row rowOf(Map.Entry<byte[], byte[]> entry) {
        byte[] key = entry.getKey();
        return RowCodec.INSTANCE.fromBytes(Arrays.copyOfRange(key, 1, key.length));
    }

    static long countOf(Map.Entry<byte[], byte[]> entry) {
        return ByteBuffer.wrap(entry.getValue()).getLong();
    }

    private long storedCount(byte[] countKey) {
        byte[] value = guarded(() -> storage.get(countKey));
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    private Optional<Row> storedRow(byte[] key) {
        byte[] value = guarded(() -> storage.get(key));
        return value == null ? Optional.empty() : Optional.of(RowCodec.INSTANCE.fromBytes(value));
    }

    /** Rows are the same when their encodings are, as in the store. */
    private static boolean sameRow(Row a, Row b) {
        return Arrays.equals(RowCodec.INSTANCE.toBytes(a), RowCodec.INSTANCE.toBytes(b));
    }

    private ByteBuffer keyOf(Row row) {
        return ByteBuffer.wrap(storeKey(KEY, row.project(keyFields)));
    }

    private static byte[] storeKey(byte prefix, Row row) {
        byte[] encoded = RowCodec.INSTANCE.toBytes(row);
        byte[] key = new byte[encoded.length + 1];
        key[0] = prefix;
        System.arraycopy(encoded, 0, key, 1, encoded.length);
        return key;
    }

    private static byte[] encodeCount(long count) {
        return ByteBuffer.allocate(Long.BYTES).putLong(count).array();
    }

    /** Runs a store call, turning "the store is closed" into a reader's clear error. */
    <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            if (closed) {
                throw closedWhileReading();
            }
            throw e;
        }
    }

    private void run(Runnable call) {
        guarded(
                () -> {
                    call.run();
                    return null;
                });
    }

    WeirException closedWhileReading() {
        return new WeirException(
                ErrorCode.QUERY_CANCELLED,
                Optional.empty(),
                "The rows of "
                        + relation
                        + " were read while it was dropped or restarted; run the query again.");
    }
}
