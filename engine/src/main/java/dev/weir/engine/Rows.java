package dev.weir.engine;

import dev.weir.common.row.Row;
import java.util.Comparator;
import java.util.List;

/** Ordering of result rows for ORDER BY: NULLS LAST ascending, NULLS FIRST descending. */
final class Rows {
    private Rows() {}

    /**
     * @param sortFields field index, or -index-1 for descending
     */
    static Comparator<Row> comparator(List<Integer> sortFields) {
        return (a, b) -> {
            for (int encoded : sortFields) {
                boolean descending = encoded < 0;
                int field = descending ? -encoded - 1 : encoded;
                int c = compareNullsLast(a.get(field), b.get(field));
                if (c != 0) {
                    return descending ? -c : c;
                }
            }
            return 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNullsLast(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return ((Comparable) a).compareTo(b);
    }
}
