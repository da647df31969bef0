package dev.weir.flink;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds a changelog into the rows it leaves: what any order of the same changes ends at. */
final class Changelogs {
    private Changelogs() {}

    /** Each row left, printed, with how often it is there. */
    static Map<String, Long> fold(List<Change> changes) {
        Map<String, Long> rows = new TreeMap<>();
        for (Change c : changes) {
            String row = print(c.row());
            long delta = c.kind().isAccumulate() ? 1 : -1;
            long count = rows.getOrDefault(row, 0L) + delta;
            if (count == 0) {
                rows.remove(row);
            } else {
                rows.put(row, count);
            }
        }
        return rows;
    }

    private static String print(Row row) {
        return row.toString();
    }
}
