package dev.weir.executor.operator.join;

import dev.weir.common.row.Row;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;

/**
 * An operator's last watermark, kept in its state: lateness is decided by it, so a restored
 * operator must start from it to drop exactly the rows the uninterrupted one would.
 */
final class WatermarkState {
    private static final Row KEY = Row.of("watermark");

    private final KeyValueState<Row, Row> meta;
    private long watermark;

    WatermarkState(StateBackend state, String name) {
        this.meta = state.keyValueState(name, RowCodec.INSTANCE, RowCodec.INSTANCE);
        Row stored = meta.get(KEY);
        this.watermark = stored == null ? Watermarks.NONE : (Long) stored.get(0);
    }

    long get() {
        return watermark;
    }

    void set(long next) {
        if (next > watermark) {
            watermark = next;
            meta.put(KEY, Row.of(next));
        }
    }
}
