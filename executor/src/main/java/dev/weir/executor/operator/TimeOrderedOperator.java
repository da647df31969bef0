package dev.weir.executor.operator;

import dev.weir.common.row.Row;

/**
 * An {@link EventTimeOperator} whose waiting state is keyed by time first (a row's time, a window's
 * end), so that what a watermark makes due is one range scan. Scans start after what earlier
 * watermarks took: in RocksDB the taken entries leave tombstones at the front of the range, and
 * seeking from the very start each time would step over all of them again and again. A partitioned
 * runtime's call for one key scans that key's state from its start.
 */
public abstract class TimeOrderedOperator extends EventTimeOperator {
    /** Everything at or before this time has been taken. */
    private long takenUpTo = Long.MIN_VALUE;

    @Override
    protected final void fireDue(long next) {
        fire(takenUpTo, next);
        if (next != Watermarks.END) {
            takenUpTo = Math.max(takenUpTo, next + 1);
        }
    }

    @Override
    protected final void fireDueOfKey(long time) {
        fire(Long.MIN_VALUE, time);
    }

    /** Does what is due at the times in {@code [from, upTo]}, and removes it from state. */
    protected abstract void fire(long from, long upTo);

    /** The key just after every entry at or before {@code upTo}: a range scan's exclusive end. */
    protected static Row after(long upTo) {
        return Row.of(upTo == Watermarks.END ? Long.MAX_VALUE : upTo + 1);
    }
}
