package dev.weir.executor.operator.rank;

import dev.weir.common.row.Row;
import dev.weir.plan.RankKind;
import dev.weir.plan.SortKeySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a partition's rows are ordered and numbered: by the ranking order, ties by arrival (earlier
 * first when the first key is ascending, later first when it is descending: so ORDER BY a time
 * column ASC keeps the first row of a key, DESC the last), then numbered by the ranking function.
 * Pure: no state, so a test can use it as the definition.
 */
final class Ranking {
    /**
     * Rows kept under one partition: equal rows share an entry.
     *
     * @param count how many times the row is there
     * @param arrival when it first arrived, by the partition's arrival counter
     */
    record Entry(Row row, long count, long arrival) {}

    /** A row of the top, with its number. */
    record Ranked(Row row, long number) {}

    private final RankKind kind;
    private final long limit;
    private final Comparator<Row> order;
    private final Comparator<Entry> entryOrder;

    Ranking(RankKind kind, List<SortKeySpec> order, long limit) {
        this.kind = kind;
        this.limit = limit;
        this.order = rowOrder(order);
        Comparator<Entry> byArrival = Comparator.comparingLong(Entry::arrival);
        this.entryOrder =
                Comparator.comparing(Entry::row, this.order)
                        .thenComparing(
                                !order.isEmpty() && order.get(0).descending()
                                        ? byArrival.reversed()
                                        : byArrival);
    }

    /** Sorts {@code entries} in place into ranking order. */
    void sort(List<Entry> entries) {
        entries.sort(entryOrder);
    }

    /**
     * The top of {@code sorted} (entries in ranking order): each row numbered, once per copy, while
     * its number is at most the limit.
     */
    List<Ranked> top(List<Entry> sorted) {
        List<Ranked> top = new ArrayList<>();
        long position = 0;
        long number = 0;
        long dense = 0;
        Row previous = null;
        for (Entry e : sorted) {
            boolean tied = previous != null && order.compare(previous, e.row()) == 0;
            for (long copy = 0; copy < e.count(); copy++) {
                position++;
                if (!tied) {
                    dense++;
                    number = position;
                }
                long n =
                        switch (kind) {
                            case ROW_NUMBER -> position;
                            case RANK -> number;
                            case DENSE_RANK -> dense;
                        };
                if (n > limit) {
                    return top;
                }
                top.add(new Ranked(e.row(), n));
                tied = true; // further copies of an equal row tie with it
            }
            previous = e.row();
        }
        return top;
    }

    private static Comparator<Row> rowOrder(List<SortKeySpec> keys) {
        Comparator<Row> order = (a, b) -> 0;
        for (SortKeySpec key : keys) {
            order =
                    order.thenComparing(
                            (a, b) -> compare(a.get(key.field()), b.get(key.field()), key));
        }
        return order;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b, SortKeySpec key) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == key.nullsFirst() ? -1 : 1;
        }
        int c = ((Comparable) a).compareTo(b);
        return key.descending() ? -c : c;
    }
}
