package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * How many queries the engine runs at once, at most: clients' continuous queries and persistent
 * queries (materialized views, INSERT ... SELECT) together, since each holds a thread and its own
 * state. A statement that would start one more is refused; queries recovered at start are counted
 * but never refused. Unlimited unless the server sets a limit.
 */
final class QueryLimit {
    /** What the server's option is called, for the refusal's message. */
    static final String OPTION = "--max-queries";

    /** How long an admission waits at most for the queries being started beside it. */
    private static final long SETTLE_NANOS = 10_000_000_000L;

    private final Refusals refusals;
    private volatile int max = Integer.MAX_VALUE;

    /** Queries admitted and not yet registered where {@code running} counts them. */
    private int starting;

    QueryLimit(Refusals refusals) {
        this.refusals = refusals;
    }

    void set(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("The query limit must be positive: " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /**
     * Admits one more query, or refuses it with {@link ErrorCode#TOO_MANY_QUERIES} at {@code at}.
     * The admission holds a place until closed, which the caller does once the query is counted by
     * {@code running} (or failed to start): two statements at once cannot both take the last place.
     */
    synchronized Admission admit(IntSupplier running, Optional<Position> at) {
        int limit = max;
        // A query being started is counted twice between its registration and the release of its
        // place: while others are starting, wait for them to settle before refusing.
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (running.getAsInt() + starting >= limit
                && starting > 0
                && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running.getAsInt() + starting >= limit) {
            refusals.countQueryLimit();
            throw new WeirException(
                    ErrorCode.TOO_MANY_QUERIES,
                    at,
                    "Too many queries: the server runs at most "
                            + limit
                            + " continuous and persistent queries at once, and runs that many"
                            + " now. Cancel one (SHOW QUERIES lists them), or start the server"
                            + " with a higher "
                            + OPTION
                            + ".");
        }
        starting++;
        return this::release;
    }

    private synchronized void release() {
        starting--;
        notifyAll();
    }

    /** A place held for a query being started. */
    interface Admission extends AutoCloseable {
        @Override
        void close();
    }
}
