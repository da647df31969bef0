package dev.weir.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** The running continuous queries, for SHOW QUERIES and CANCEL QUERY. */
public final class ContinuousQueryRegistry {
    private static final Logger LOG = Logger.getLogger(ContinuousQueryRegistry.class.getName());
    private static final long EXIT_WAIT_MILLIS = 30_000;

    private final Map<String, ContinuousQuery> running = new ConcurrentHashMap<>();

    /**
     * Queries whose job may still hold its state: a finished or cancelled query leaves {@link
     * #running} at once, but its job closes (and deletes) its RocksDB directory a moment later.
     * Closing the engine waits for them, so that an engine opened next on the same data directory
     * never finds a directory still being written or deleted.
     */
    private final Set<ContinuousQuery> unexited = ConcurrentHashMap.newKeySet();

    void add(ContinuousQuery query) {
        unexited.removeIf(ContinuousQuery::hasExited);
        unexited.add(query);
        running.put(query.id(), query);
    }

    public Optional<ContinuousQuery> find(String id) {
        return Optional.ofNullable(running.get(id));
    }

    /** Forgets a query that was cancelled or never started; its job may still be exiting. */
    public void remove(String id) {
        running.remove(id);
    }

    /** Running queries, oldest first; finished ones are dropped from the registry here. */
    public List<ContinuousQuery> running() {
        running.values().removeIf(q -> q.isDone() || q.isCancelled());
        List<ContinuousQuery> list = new ArrayList<>(running.values());
        list.sort((a, b) -> Long.compare(number(a.id()), number(b.id())));
        return list;
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id.substring(1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Cancels every query and waits (up to 30 s in all) until their jobs have exited. */
    void cancelAll() {
        running.values().forEach(ContinuousQuery::cancel);
        unexited.forEach(ContinuousQuery::cancel);
        running.clear();
        long deadline = System.nanoTime() + EXIT_WAIT_MILLIS * 1_000_000;
        try {
            for (ContinuousQuery query : unexited) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left > 0) {
                    query.awaitExit(left);
                }
                if (!query.hasExited()) {
                    LOG.warning("The job of continuous query " + query.id() + " did not stop.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unexited.clear();
    }
}
