package dev.weir.server.avatica;

import dev.weir.engine.ContinuousQuery;
import java.util.List;
import org.apache.calcite.avatica.Meta;

/** A client statement on the server: its last result and where its reader is. */
final class StatementState {
    final String connectionId;
    volatile String sql;
    volatile Meta.Signature signature;

    /** The running execution's row limit and timeout. */
    volatile ExecutionOptions options = new ExecutionOptions(0, 0);

    /** A finite result, or null. */
    volatile List<Object> rows;

    /** A continuous result, or null. */
    volatile ContinuousQuery query;

    /** Offset of the next row not yet sent. */
    long delivered;

    /** The last frame sent, so that a retried fetch gets the same rows. */
    Meta.Frame lastFrame;

    long lastFrameOffset = -1;
    volatile long lastAccessMillis = System.currentTimeMillis();

    StatementState(String connectionId) {
        this.connectionId = connectionId;
    }

    void closeResult() {
        ContinuousQuery q = query;
        if (q != null) {
            q.cancel();
        }
        query = null;
        rows = null;
        delivered = 0;
        lastFrame = null;
        lastFrameOffset = -1;
    }
}
