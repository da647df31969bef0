package dev.weir.executor.operator.window;

import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Event-time timers of a window operator, kept in state ordered by time so that the watermark finds
 * the due ones with one range scan, and a restored operator finds them again.
 *
 * <p>A timer is {@code (time, kind, window...)}: kind 0 fires a window's result, kind 1 cleans its
 * state; at equal times firing comes first.
 *
 * <p>Each timer is also registered with the runtime ({@link OperatorContext#registerEventTimer}): a
 * partitioned runtime, whose state is scoped to one key, then takes a key's due timers when that
 * key's time comes ({@link #takeDueOfKey}) instead of scanning every key's on each watermark.
 */
final class WindowTimers {
    static final int FIRE = 0;
    static final int CLEANUP = 1;

    private final KeyValueState<Row, Row> timers;
    private final OperatorContext context;

    /**
     * Every timer at or before this time has been taken. Scans start after it: in RocksDB the taken
     * timers leave tombstones at the front of the key range, and seeking from the very start each
     * time would step over all of them, again and again.
     */
    private long takenUpTo = Long.MIN_VALUE;

    /**
     * The times of the timers in state, or more (a time stays until a watermark passes it), once
     * known: so that a watermark with no timer due costs a look at the first time instead of a scan
     * of the state. Read from state on the first {@link #takeDue}: a restored operator's timers are
     * there.
     */
    private final TreeSet<Long> times = new TreeSet<>();

    private boolean timesKnown;

    WindowTimers(OperatorContext context, String name) {
        this.context = context;
        this.timers = context.state().keyValueState(name, RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    /**
     * Registers a timer. Its time must be after the last watermark taken: a window that is already
     * complete when it is created fires at once instead (see the operators).
     */
    void register(long time, int kind, Row window) {
        timers.put(Row.of(time, kind).append(window.toArray()), Row.of());
        times.add(time);
        context.registerEventTimer(time);
    }

    /**
     * Removes a timer set before and not yet due (its window was replaced). The runtime's timer
     * stays registered and, when it comes, finds nothing.
     */
    void delete(long time, int kind, Row window) {
        timers.delete(Row.of(time, kind).append(window.toArray()));
    }

    /** A due timer: its kind and window. */
    record Due(long time, int kind, Row window) {}

    /** Removes and returns every timer at or before {@code watermark}, in order. */
    List<Due> takeDue(long watermark) {
        if (!timesKnown) {
            readTimes();
        }
        List<Due> due;
        if (times.isEmpty() || times.first() > watermark) {
            due = List.of();
        } else {
            due = take(takenUpTo, watermark);
            times.headSet(watermark, true).clear();
        }
        if (watermark != Watermarks.END) {
            takenUpTo = Math.max(takenUpTo, watermark + 1);
        }
        return due;
    }

    private void readTimes() {
        try (CloseableIterator<Map.Entry<Row, Row>> it = timers.all()) {
            while (it.hasNext()) {
                times.add((Long) it.next().getKey().get(0));
            }
        }
        timesKnown = true;
    }

    /**
     * Removes and returns the timers at or before {@code time} of the key in scope, in order: for a
     * partitioned runtime, whose state holds one key's timers at a time. Scans them all, since the
     * timers taken of other keys say nothing of this one's.
     */
    List<Due> takeDueOfKey(long time) {
        return take(Long.MIN_VALUE, time);
    }

    private List<Due> take(long from, long upTo) {
        List<Due> due = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                timers.range(
                        Row.of(from), Row.of(upTo == Watermarks.END ? Long.MAX_VALUE : upTo + 1))) {
            while (it.hasNext()) {
                Row key = it.next().getKey();
                Object[] values = key.toArray();
                Object[] window = new Object[values.length - 2];
                System.arraycopy(values, 2, window, 0, window.length);
                due.add(new Due((Long) values[0], (Integer) values[1], Row.wrap(window)));
            }
        }
        for (Due d : due) {
            timers.delete(Row.of(d.time(), d.kind()).append(d.window().toArray()));
        }
        return due;
    }
}
