package dev.weir.engine;

import dev.weir.common.row.Row;
import java.util.Comparator;
import java.util.List;

/**
 * The order of a snapshot query's result rows for ORDER BY: field by field, NULLS LAST ascending,
 * NULLS FIRST descending.
 */
final class OrderByComparator implements Comparator<Row> {
    private final List<Integer> sortFields;

    /**
     * @param sortFields field index, or -index-1 for descending
     */
    OrderByComparator(List<Integer> sortFields) {
        this.sortFields = List.copyOf(sortFields);
    }

    @Override
    public int compare(Row a, Row b) {
        for (int encoded : sortFields) {
            boolean descending = encoded < 0;
            int field = descending ? -encoded - 1 : encoded;
            int c = compareNullsLast(a.get(field), b.get(field));
            if (c != 0) {
                return descending ? -c : c;
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNullsLast(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return ((Comparable) a).compareTo(b);
    }
}
