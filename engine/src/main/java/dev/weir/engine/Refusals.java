package dev.weir.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many statements the engine refused for the caller's rights or for its query limit, since it
 * started: for the server's metrics.
 */
public final class Refusals {
    private final LongAdder privilege = new LongAdder();
    private final LongAdder queryLimit = new LongAdder();

    /** Statements refused because the caller's role or ownership does not allow them (42501). */
    public long privilege() {
        return privilege.sum();
    }

    /** Queries refused because the engine ran as many as it may (53400). */
    public long queryLimit() {
        return queryLimit.sum();
    }

    void countPrivilege() {
        privilege.increment();
    }

    void countQueryLimit() {
        queryLimit.increment();
    }
}
