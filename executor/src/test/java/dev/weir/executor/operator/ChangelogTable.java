package dev.weir.executor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A changelog applied to a multiset of rows; checks that every retraction takes back a row that is
 * there.
 */
public final class ChangelogTable {
    private final Map<Row, Integer> rows = new HashMap<>();

    public static ChangelogTable of(List<Change> changes) {
        ChangelogTable table = new ChangelogTable();
        changes.forEach(table::apply);
        return table;
    }

    public void apply(Change change) {
        if (change.kind().isAccumulate()) {
            rows.merge(change.row(), 1, Integer::sum);
        } else {
            assertThat(rows)
                    .as("retraction %s of a row that is not there", change)
                    .containsKey(change.row());
            rows.computeIfPresent(change.row(), (r, n) -> n == 1 ? null : n - 1);
        }
    }

    /** The rows, sorted by their printed form. */
    public List<String> sorted() {
        List<String> out = new ArrayList<>();
        rows.forEach(
                (row, n) -> {
                    for (int i = 0; i < n; i++) {
                        out.add(row.toString());
                    }
                });
        out.sort(String::compareTo);
        return out;
    }
}
