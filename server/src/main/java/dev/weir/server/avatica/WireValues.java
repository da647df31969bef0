package dev.weir.server.avatica;

import dev.weir.engine.ResultColumn;
import java.util.List;

/** Result values as Avatica sends them for each column's representation. */
final class WireValues {
    private WireValues() {}

    /**
     * A row for the ARRAY cursor. Values are already in the representation the column declares
     * (timestamps as milliseconds, dates as days), which is also Calcite's: nothing to convert.
     */
    static Object[] row(Object[] values, List<ResultColumn> columns) {
        if (values.length != columns.size()) {
            throw new IllegalStateException(
                    "a row of " + values.length + " values for " + columns.size() + " columns");
        }
        return values;
    }
}
