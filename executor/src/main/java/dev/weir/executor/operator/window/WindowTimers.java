package dev.weir.executor.operator.window;

import dev.weir.common.row.Row;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event-time timers of a window operator, kept in state ordered by time so that the watermark finds
 * the due ones with one range scan, and a restored operator finds them again.
 *
 * <p>A timer is {@code (time, kind, window...)}: kind 0 fires a window's result, kind 1 cleans its
 * state; at equal times firing comes first.
 */
final class WindowTimers {
    static final int FIRE = 0;
    static final int CLEANUP = 1;

    private final KeyValueState<Row, Row> timers;

    WindowTimers(StateBackend state, String name) {
        this.timers = state.keyValueState(name, RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    void register(long time, int kind, Row window) {
        timers.put(Row.of(time, kind).append(window.toArray()), Row.of());
    }

    /** A due timer: its kind and window. */
    record Due(long time, int kind, Row window) {}

    /** Removes and returns every timer at or before {@code watermark}, in order. */
    List<Due> takeDue(long watermark) {
        List<Due> due = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                watermark == Watermarks.END
                        ? timers.all()
                        : timers.range(Row.of(Long.MIN_VALUE), Row.of(watermark + 1))) {
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
