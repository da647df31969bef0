package dev.weir.plan;

/**
 * One key of an ORDER BY inside an operator (a Top-N's ranking order).
 *
 * @param field the input field sorted by
 * @param descending DESC
 * @param nullsFirst whether NULL sorts before every value (else after)
 */
public record SortKeySpec(int field, boolean descending, boolean nullsFirst) {
    /** As a state layout or EXPLAIN writes it, with the field given by {@code name}. */
    String describe(String name) {
        return name
                + (descending ? " DESC" : " ASC")
                + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
