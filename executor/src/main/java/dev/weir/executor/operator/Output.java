package dev.weir.executor.operator;

import dev.weir.common.row.Change;

/** Where an operator sends what it produces: the next operator, or a result sink. */
public interface Output {
    void emit(Change change);

    void emitWatermark(long watermark);
}
