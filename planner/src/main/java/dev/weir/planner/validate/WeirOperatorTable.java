package dev.weir.planner.validate;

import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Calcite's standard operators plus Weir's: the CUMULATE windowing table function, and two of
 * Calcite's library functions that streaming queries over logs and URLs need (Nexmark q21 and q22).
 */
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

    /**
     * {@code REGEXP_EXTRACT(value, pattern)}: the first match of {@code pattern}, or of its one
     * capturing group, NULL when nothing matches (Calcite's BigQuery function). Only the
     * two-operand form: BigQuery's third operand is a start position, Flink's a group number, so a
     * Flink query's {@code REGEXP_EXTRACT(s, p, 2)} would silently mean something else; it is
     * refused instead.
     */
    public static final SqlFunction REGEXP_EXTRACT =
            SqlLibraryOperators.REGEXP_EXTRACT.withOperandTypeChecker(OperandTypes.STRING_STRING);

    private static final SqlOperatorTable INSTANCE = build();

    private WeirOperatorTable() {}

    public static SqlOperatorTable instance() {
        return INSTANCE;
    }

    private static SqlOperatorTable build() {
        // Chained, not copied into one list: the standard table's own lookup knows that COUNT(*)
        // is a FUNCTION_STAR call, which a plain list lookup misses.
        return SqlOperatorTables.chain(
                SqlStdOperatorTable.instance(),
                SqlOperatorTables.of(
                        List.of(CUMULATE, REGEXP_EXTRACT, SqlLibraryOperators.SPLIT_PART)));
    }
}
