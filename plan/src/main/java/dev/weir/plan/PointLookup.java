package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A snapshot query that reads one row of a materialized view or a table by its whole key: {@code
 * SELECT a, b FROM mv WHERE k1 = 1 AND k2 = 'x'}. Answered by a key lookup in the view's rows,
 * without running a job.
 *
 * @param view the materialized view or table
 * @param key the key's values, in the view's key order, as the executor stores them
 * @param projection the view's columns the query selects, in its order
 */
public record PointLookup(String view, List<Object> key, List<Integer> projection) {
    public PointLookup {
        requireNonNull(view, "view is null");
        key = Collections.unmodifiableList(new ArrayList<>(key)); // values are never null here
        projection = List.copyOf(projection);
    }
}
