package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The heap the engine may use (the server's {@code --memory}): statements that would need more are
 * refused with {@link ErrorCode#OUT_OF_MEMORY} (SQLSTATE 53200) instead of running the JVM out of
 * heap. Two checks: a query does not start while the heap in use after the last garbage collection
 * is over the budget, and a snapshot query's answer (the rows it holds on the heap to return) may
 * take at most a quarter of it. No budget unless one is set.
 */
final class MemoryBudget {
    /** What the server's option is called, for the refusal's message. */
    static final String OPTION = "--memory";

    /** The share of the budget one snapshot query's answer may hold. */
    static final int ANSWER_SHARE = 4;

    private volatile long bytes = Long.MAX_VALUE;
    private volatile LongSupplier heapInUse = MemoryBudget::heapInUseAfterLastGc;

    void set(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("The memory budget must be positive: " + bytes);
        }
        this.bytes = bytes;
    }

    /** Where the heap in use is read from: the JVM's, or a test's. */
    void measureWith(LongSupplier heapInUse) {
        this.heapInUse = heapInUse;
    }

    long bytes() {
        return bytes;
    }

    /**
     * Refuses to start a query while the heap in use after the last collection is over the budget.
     *
     * @throws WeirException OUT_OF_MEMORY at {@code at}
     */
    void admit(Optional<Position> at) {
        long budget = bytes;
        if (budget == Long.MAX_VALUE) {
            return;
        }
        long used = heapInUse.getAsLong();
        if (used > budget) {
            throw new WeirException(
                    ErrorCode.OUT_OF_MEMORY,
                    at,
                    "Not enough memory to start this query: the heap in use after the last"
                            + " garbage collection is "
                            + mebibytes(used)
                            + ", over the server's budget of "
                            + mebibytes(budget)
                            + " ("
                            + OPTION
                            + "). Cancel queries you no longer need (SHOW QUERIES lists them), or"
                            + " start the server with a higher "
                            + OPTION
                            + " (and -Xmx).");
        }
    }

    /** A meter of the rows one snapshot query holds for its answer, against its share. */
    Meter answerMeter() {
        long budget = bytes;
        return new Meter(budget == Long.MAX_VALUE ? Long.MAX_VALUE : budget / ANSWER_SHARE);
    }

    /** Counts the estimated bytes of rows held, refusing past the limit. Not thread-safe. */
    static final class Meter {
        /** No limit: counts nothing. */
        static final Meter UNLIMITED = new Meter(Long.MAX_VALUE);

        private final long limit;
        private long held;

        Meter(long limit) {
            this.limit = limit;
        }

        /**
         * Counts a row now held.
         *
         * @throws WeirException OUT_OF_MEMORY when the rows held exceed the limit
         */
        void hold(Row row) {
            if (limit == Long.MAX_VALUE) {
                return;
            }
            held += estimate(row);
            if (held > limit) {
                throw new WeirException(
                        ErrorCode.OUT_OF_MEMORY,
                        Optional.empty(),
                        "Not enough memory for this query's answer: it holds more than "
                                + mebibytes(limit)
                                + " of rows, the share of one query's answer in the server's"
                                + " budget ("
                                + OPTION
                                + " divided by "
                                + ANSWER_SHARE
                                + "). Narrow it with WHERE or LIMIT, read it with EMIT STREAM,"
                                + " or start the server with a higher "
                                + OPTION
                                + ".");
            }
        }

        /** Counts a row no longer held. */
        void release(Row row) {
            if (limit != Long.MAX_VALUE) {
                held -= estimate(row);
            }
        }

        long held() {
            return held;
        }

        boolean limited() {
            return limit != Long.MAX_VALUE;
        }

        long limit() {
            return limit;
        }
    }

    /**
     * A row's approximate size on the heap: its object and array, and each value boxed (a string by
     * its length). An estimate, to refuse in time, not an accounting.
     */
    static long estimate(Row row) {
        long size = 16 + 16 + 8L * row.arity();
        for (int i = 0; i < row.arity(); i++) {
            Object value = row.get(i);
            if (value instanceof String s) {
                size += 40 + s.length();
            } else if (value instanceof BigDecimal) {
                size += 64;
            } else if (value != null) {
                size += 16;
            }
        }
        return size;
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** The heap's pools as the last collection left them (what a collection could not free). */
    static long heapInUseAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            used += afterGc != null ? afterGc.getUsed() : pool.getUsage().getUsed();
        }
        return used;
    }
}
