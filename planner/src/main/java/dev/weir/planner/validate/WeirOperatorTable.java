package dev.weir.planner.validate;

import java.util.List;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** Calcite's standard operators plus Weir's: the CUMULATE windowing table function. */
public final class WeirOperatorTable {
    /**
     * {@code CUMULATE(TABLE t, DESCRIPTOR(time), step, size [, offset])}: windows that share a
     * start and grow by {@code step} up to {@code size}.
     */
    public static final SqlWindowTableFunction CUMULATE =
            new SqlWindowTableFunction(
                    "CUMULATE",
                    new WindowOperandMetadata(
                            List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"), 4));

    private static final SqlOperatorTable INSTANCE = build();

    private WeirOperatorTable() {}

    public static SqlOperatorTable instance() {
        return INSTANCE;
    }

    private static SqlOperatorTable build() {
        // Chained, not copied into one list: the standard table's own lookup knows that COUNT(*)
        // is a FUNCTION_STAR call, which a plain list lookup misses.
        return SqlOperatorTables.chain(
                SqlStdOperatorTable.instance(), SqlOperatorTables.of(List.of(CUMULATE)));
    }
}
