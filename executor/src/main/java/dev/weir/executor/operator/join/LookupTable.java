package dev.weir.executor.operator.join;

import dev.weir.common.row.Row;
import java.util.Optional;

/**
 * A keyed relation a lookup join reads as it is now: the server's table, which statements change
 * while queries read it. Called from a job's thread; implementations are thread-safe.
 */
public interface LookupTable {
    /**
     * The row whose primary key is {@code key} (its values in key order, never NULL), as of now.
     */
    Optional<Row> lookup(Row key);
}
