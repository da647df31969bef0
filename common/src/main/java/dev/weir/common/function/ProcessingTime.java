package dev.weir.common.function;

import java.util.TimeZone;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The processing time that CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIMESTAMP and
 * LOCALTIME read in generated calc code: in a streaming query the time each record is evaluated at
 * ({@link #perRecord}), in a snapshot query the time the query started, the same for every row
 * ({@link #fixed}). As Flink SQL defines them.
 *
 * <p>Generated code reads it through Calcite's {@code DataContext}, which asks a function for its
 * variables by name: this is that function, and the names are those of Calcite's {@code
 * DataContext.Variable}. {@code currentTimestamp} and {@code localTimestamp} are the wall clock in
 * the session time zone (a TIMESTAMP, without a zone), {@code utcTimestamp} the instant.
 */
public abstract class ProcessingTime implements Function<String, Object> {
    private final TimeZone zone;

    private ProcessingTime(TimeZone zone) {
        this.zone = zone;
    }

    /** Once per query: every record, and every call, sees {@code utcMillis}. */
    public static ProcessingTime fixed(long utcMillis, TimeZone zone) {
        return new ProcessingTime(zone) {
            @Override
            public void startRecord() {}

            @Override
            long utcMillis() {
                return utcMillis;
            }

            @Override
            public boolean advances() {
                return false;
            }
        };
    }

    /**
     * Per record: {@link #startRecord} reads {@code clock} (milliseconds since the epoch), and
     * every call while that record is evaluated sees that time. Used by one job's thread only.
     */
    public static ProcessingTime perRecord(LongSupplier clock, TimeZone zone) {
        return new ProcessingTime(zone) {
            private long now = clock.getAsLong();

            @Override
            public void startRecord() {
                now = clock.getAsLong();
            }

            @Override
            long utcMillis() {
                return now;
            }

            @Override
            public boolean advances() {
                return true;
            }
        };
    }

    /** Called by generated code before it evaluates a record. */
    public abstract void startRecord();

    abstract long utcMillis();

    /** Whether later records may see a later time: false when the time is fixed for the query. */
    public abstract boolean advances();

    /** The session time zone: the one the wall-clock values are in. */
    public TimeZone zone() {
        return zone;
    }

    /** A variable of Calcite's {@code DataContext}, by its camel-case name; null if not known. */
    @Override
    public Object apply(String name) {
        long utc = utcMillis();
        return switch (name) {
            case "utcTimestamp" -> utc;
            case "currentTimestamp", "localTimestamp", "sysTimestamp" -> utc + zone.getOffset(utc);
            case "timeZone" -> zone;
            default -> null;
        };
    }
}
