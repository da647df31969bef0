package dev.weir.executor.operator;

import dev.weir.common.row.Row;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;

/**
 * An operator's last watermark, kept in its state: lateness is decided by it, so a restored
 * operator must start from it to drop exactly the rows the uninterrupted one would.
 */
public final class WatermarkState {
    private static final Row KEY = Row.of("watermark");

    private final KeyValueState<Row, Row> meta;
    private long watermark;

    /**
     * @param name the state it is kept in, unique in the backend (the operator's id prefixed)
     */
    public WatermarkState(StateBackend state, String name) {
        this.meta = state.keyValueState(name, RowCodec.INSTANCE, RowCodec.INSTANCE);
        Row stored = meta.get(KEY);
        this.watermark = stored == null ? Watermarks.NONE : (Long) stored.get(0);
    }

    public long get() {
        return watermark;
    }

    public void set(long next) {
        watermark = next;
        meta.put(KEY, Row.of(next));
    }
}
