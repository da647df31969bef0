package dev.weir.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Statement ids for the metadata results the driver builds itself (getPrimaryKeys, getFunctions).
 * Avatica's client keeps one result set per statement id, so each result needs its own, or reading
 * one would close another still open; negative, so they never meet the server's.
 */
final class LocalResults {
    private static final AtomicInteger NEXT = new AtomicInteger(-2);

    private LocalResults() {}

    static int nextStatementId() {
        return NEXT.getAndDecrement();
    }
}
